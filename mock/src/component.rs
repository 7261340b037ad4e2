//! Third-party platforms (开放平台第三方平台): their verify tickets and `component_access_token`s,
//! and the merchants (authorizers) that authorized them, with their refresh tokens.
//!
//! The `authorizer_access_token`s themselves live with every other access token in
//! [`TokenStore`](crate::tokens::TokenStore) (kind `Authorizer`, owned by the authorizer
//! appid), so the existing endpoints accept them as `access_token` with no special case.
//!
//! All times are fake-clock times (see [`crate::clock`]).

use std::collections::HashMap;
use std::time::Duration;

use crate::random;

/// How long a `component_verify_ticket` can be used after it was pushed (12 hours).
pub(crate) const TICKET_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// How long a replaced `authorizer_refresh_token` keeps working by default: five minutes, as
/// the official answer in the developer community says.
pub(crate) const DEFAULT_REFRESH_TOKEN_GRACE: Duration = Duration::from_secs(300);

/// Rules for the component endpoints, set by the builder.
#[derive(Debug, Clone)]
pub(crate) struct ComponentSettings {
    /// Every successful `api_authorizer_token` call hands out a new refresh token.
    pub(crate) rotate_refresh_tokens: bool,
    /// How long a replaced refresh token keeps working.
    pub(crate) refresh_token_grace: Duration,
}

impl Default for ComponentSettings {
    fn default() -> Self {
        Self {
            rotate_refresh_tokens: false,
            refresh_token_grace: DEFAULT_REFRESH_TOKEN_GRACE,
        }
    }
}

/// One pushed `component_verify_ticket`.
#[derive(Debug, Clone)]
struct Ticket {
    ticket: String,
    pushed_at: Duration,
}

/// One configured third-party platform.
#[derive(Debug)]
struct Platform {
    secret: String,
    /// Every ticket pushed so far, newest last.
    tickets: Vec<Ticket>,
}

/// A `component_access_token` handed out.
#[derive(Debug)]
struct ComponentToken {
    component_appid: String,
    expires_at: Duration,
    revoked: bool,
}

/// A refresh token of one authorization.
#[derive(Debug, Clone)]
struct RefreshToken {
    token: String,
    /// Set once a newer refresh token replaced it: it works until then.
    replaced_until: Option<Duration>,
}

/// One merchant's authorization of one platform.
#[derive(Debug, Default)]
struct Authorization {
    /// The current refresh token last, replaced ones before it.
    refresh_tokens: Vec<RefreshToken>,
    revoked: bool,
}

/// Why `api_component_token` refused a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TicketError {
    /// Missing, empty or never pushed to this platform (61006).
    Invalid,
    /// Pushed more than 12 hours ago (61005).
    Expired,
}

/// Why a presented `component_access_token` was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ComponentTokenError {
    /// Not shaped like a token (40014).
    Malformed,
    /// Never issued, or revoked (40001).
    Unknown,
    /// Past its lifetime (42001).
    Expired,
}

/// Why `api_authorizer_token` refused an authorization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthorizationError {
    /// The merchant never authorized this platform, or revoked it (61003).
    NotAuthorized,
    /// The refresh token is missing, wrong, or was replaced too long ago (61023).
    InvalidRefreshToken,
}

/// Every platform, component token and authorization of one server.
#[derive(Debug, Default)]
pub(crate) struct ComponentStore {
    platforms: HashMap<String, Platform>,
    tokens: HashMap<String, ComponentToken>,
    /// `(component_appid, authorizer_appid)` → authorization.
    authorizations: HashMap<(String, String), Authorization>,
}

impl ComponentStore {
    /// Adds (or changes the secret of) a platform; the first one pushes a ticket at `now`.
    pub(crate) fn add_platform(&mut self, appid: &str, secret: &str, now: Duration) {
        let platform = self
            .platforms
            .entry(appid.to_owned())
            .or_insert_with(|| Platform {
                secret: String::new(),
                tickets: Vec::new(),
            });
        platform.secret = secret.to_owned();
        if platform.tickets.is_empty() {
            platform.tickets.push(Ticket {
                ticket: random::verify_ticket(),
                pushed_at: now,
            });
        }
    }

    /// Whether `appid` is a configured platform.
    pub(crate) fn has_platform(&self, appid: &str) -> bool {
        self.platforms.contains_key(appid)
    }

    /// The platform's secret.
    pub(crate) fn secret(&self, appid: &str) -> Option<&str> {
        self.platforms.get(appid).map(|p| p.secret.as_str())
    }

    /// "WeChat pushes a new ticket": the older ones stay usable until their own 12 hours end.
    pub(crate) fn push_ticket(&mut self, appid: &str, now: Duration) -> Option<String> {
        let platform = self.platforms.get_mut(appid)?;
        let ticket = random::verify_ticket();
        platform.tickets.push(Ticket {
            ticket: ticket.clone(),
            pushed_at: now,
        });
        Some(ticket)
    }

    /// The newest ticket pushed to the platform (it may have expired).
    pub(crate) fn current_ticket(&self, appid: &str) -> Option<String> {
        let platform = self.platforms.get(appid)?;
        platform.tickets.last().map(|t| t.ticket.clone())
    }

    /// Checks a ticket presented by the platform.
    pub(crate) fn check_ticket(
        &self,
        appid: &str,
        ticket: &str,
        now: Duration,
    ) -> Result<(), TicketError> {
        let platform = self.platforms.get(appid).ok_or(TicketError::Invalid)?;
        let found = platform
            .tickets
            .iter()
            .find(|t| !ticket.is_empty() && t.ticket == ticket)
            .ok_or(TicketError::Invalid)?;
        if now >= found.pushed_at + TICKET_LIFETIME {
            Err(TicketError::Expired)
        } else {
            Ok(())
        }
    }

    /// A new `component_access_token`. Earlier ones stay usable until they expire.
    pub(crate) fn issue_token(&mut self, appid: &str, now: Duration, lifetime: Duration) -> String {
        let token = random::access_token();
        self.tokens.insert(
            token.clone(),
            ComponentToken {
                component_appid: appid.to_owned(),
                expires_at: now + lifetime,
                revoked: false,
            },
        );
        token
    }

    /// Checks a presented `component_access_token`; returns the platform's appid.
    pub(crate) fn validate_token(
        &self,
        token: &str,
        now: Duration,
    ) -> Result<&str, ComponentTokenError> {
        let Some(record) = self.tokens.get(token) else {
            return Err(if random::is_well_formed_token(token) {
                ComponentTokenError::Unknown
            } else {
                ComponentTokenError::Malformed
            });
        };
        if now >= record.expires_at {
            Err(ComponentTokenError::Expired)
        } else if record.revoked {
            Err(ComponentTokenError::Unknown)
        } else {
            Ok(&record.component_appid)
        }
    }

    /// Every `component_access_token` of the platform answers 40001 from now on.
    pub(crate) fn revoke_tokens(&mut self, appid: &str) {
        for record in self
            .tokens
            .values_mut()
            .filter(|r| r.component_appid == appid)
        {
            record.revoked = true;
        }
    }

    /// Records that `authorizer` authorized `component`, with `refresh_token` (a new one when
    /// `None`); a previous authorization of the pair is replaced. Returns the refresh token.
    pub(crate) fn authorize(
        &mut self,
        component: &str,
        authorizer: &str,
        refresh_token: Option<String>,
    ) -> String {
        let token = refresh_token.unwrap_or_else(random::refresh_token);
        self.authorizations.insert(
            (component.to_owned(), authorizer.to_owned()),
            Authorization {
                refresh_tokens: vec![RefreshToken {
                    token: token.clone(),
                    replaced_until: None,
                }],
                revoked: false,
            },
        );
        token
    }

    /// The merchant cancels the authorization: 61003 from now on.
    pub(crate) fn revoke_authorization(&mut self, component: &str, authorizer: &str) -> bool {
        match self
            .authorizations
            .get_mut(&(component.to_owned(), authorizer.to_owned()))
        {
            Some(authorization) => {
                authorization.revoked = true;
                true
            }
            None => false,
        }
    }

    /// The current refresh token of an authorization.
    pub(crate) fn current_refresh_token(
        &self,
        component: &str,
        authorizer: &str,
    ) -> Option<String> {
        let authorization = self
            .authorizations
            .get(&(component.to_owned(), authorizer.to_owned()))
            .filter(|a| !a.revoked)?;
        authorization.refresh_tokens.last().map(|r| r.token.clone())
    }

    /// Checks a refresh token presented for the pair and, when `rotate`, replaces it with a new
    /// one (the old one working for `grace` more). Returns the refresh token to answer.
    pub(crate) fn use_refresh_token(
        &mut self,
        component: &str,
        authorizer: &str,
        presented: &str,
        now: Duration,
        settings: &ComponentSettings,
    ) -> Result<String, AuthorizationError> {
        let authorization = self
            .authorizations
            .get_mut(&(component.to_owned(), authorizer.to_owned()))
            .filter(|a| !a.revoked)
            .ok_or(AuthorizationError::NotAuthorized)?;
        let valid = !presented.is_empty()
            && authorization
                .refresh_tokens
                .iter()
                .any(|r| r.token == presented && r.replaced_until.is_none_or(|until| now < until));
        if !valid {
            return Err(AuthorizationError::InvalidRefreshToken);
        }
        let current = authorization
            .refresh_tokens
            .last_mut()
            .ok_or(AuthorizationError::InvalidRefreshToken)?;
        if !settings.rotate_refresh_tokens {
            return Ok(current.token.clone());
        }
        current.replaced_until = Some(now + settings.refresh_token_grace);
        let token = random::refresh_token();
        authorization.refresh_tokens.push(RefreshToken {
            token: token.clone(),
            replaced_until: None,
        });
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    fn store() -> ComponentStore {
        let mut store = ComponentStore::default();
        store.add_platform("wxc", "secret", S(0));
        store
    }

    #[test]
    fn tickets_expire_after_twelve_hours_and_older_ones_keep_working() {
        let mut store = store();
        let first = store.current_ticket("wxc").unwrap();
        assert!(first.starts_with("ticket@@@"));
        assert_eq!(store.check_ticket("wxc", &first, S(600)), Ok(()));
        let second = store.push_ticket("wxc", S(600)).unwrap();
        assert_eq!(
            store.current_ticket("wxc").as_deref(),
            Some(second.as_str())
        );
        assert_eq!(store.check_ticket("wxc", &first, S(601)), Ok(()));
        assert_eq!(
            store.check_ticket("wxc", &first, TICKET_LIFETIME),
            Err(TicketError::Expired)
        );
        assert_eq!(store.check_ticket("wxc", &second, TICKET_LIFETIME), Ok(()));
        assert_eq!(
            store.check_ticket("wxc", "", S(1)),
            Err(TicketError::Invalid)
        );
        assert_eq!(
            store.check_ticket("wxother", &second, S(1)),
            Err(TicketError::Invalid)
        );
    }

    #[test]
    fn component_tokens_expire_and_can_be_revoked() {
        let mut store = store();
        let token = store.issue_token("wxc", S(0), S(7200));
        assert_eq!(store.validate_token(&token, S(1)), Ok("wxc"));
        let second = store.issue_token("wxc", S(10), S(7200));
        assert_eq!(store.validate_token(&token, S(11)), Ok("wxc"), "both work");
        assert_eq!(
            store.validate_token(&token, S(7200)),
            Err(ComponentTokenError::Expired)
        );
        store.revoke_tokens("wxc");
        assert_eq!(
            store.validate_token(&second, S(20)),
            Err(ComponentTokenError::Unknown)
        );
        assert_eq!(
            store.validate_token("short", S(20)),
            Err(ComponentTokenError::Malformed)
        );
    }

    #[test]
    fn refresh_tokens_rotate_with_a_grace_period() {
        let mut store = store();
        let settings = ComponentSettings {
            rotate_refresh_tokens: true,
            ..ComponentSettings::default()
        };
        let first = store.authorize("wxc", "wxm", None);
        assert!(first.starts_with("refreshtoken@@@"));
        let second = store
            .use_refresh_token("wxc", "wxm", &first, S(0), &settings)
            .unwrap();
        assert_ne!(second, first);
        assert_eq!(
            store.current_refresh_token("wxc", "wxm").as_deref(),
            Some(second.as_str())
        );
        // The replaced one works for five more minutes.
        assert!(store
            .use_refresh_token("wxc", "wxm", &first, S(299), &settings)
            .is_ok());
        let latest = store.current_refresh_token("wxc", "wxm").unwrap();
        assert_eq!(
            store.use_refresh_token("wxc", "wxm", &first, S(300), &settings),
            Err(AuthorizationError::InvalidRefreshToken)
        );
        assert!(store
            .use_refresh_token("wxc", "wxm", &latest, S(300), &settings)
            .is_ok());
        assert_eq!(
            store.use_refresh_token("wxc", "wxother", &latest, S(300), &settings),
            Err(AuthorizationError::NotAuthorized)
        );
        assert!(store.revoke_authorization("wxc", "wxm"));
        assert_eq!(store.current_refresh_token("wxc", "wxm"), None);
    }

    #[test]
    fn without_rotation_the_refresh_token_stays() {
        let mut store = store();
        let settings = ComponentSettings::default();
        let token = store.authorize("wxc", "wxm", Some("refreshtoken@@@fixed".into()));
        for at in [0, 10_000, 100_000] {
            assert_eq!(
                store.use_refresh_token("wxc", "wxm", &token, S(at), &settings),
                Ok(token.clone())
            );
        }
        assert_eq!(
            store.use_refresh_token("wxc", "wxm", "", S(0), &settings),
            Err(AuthorizationError::InvalidRefreshToken)
        );
    }
}
