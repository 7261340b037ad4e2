//! Access tokens: issuing, superseding, expiring and validating them, for all three kinds
//! (`/cgi-bin/token` "classic" tokens, `/cgi-bin/stable_token` stable tokens, and the
//! `authorizer_access_token`s a third-party platform gets from
//! `/cgi-bin/component/api_authorizer_token` for a merchant), which never affect each other.
//!
//! All times are fake-clock times (see [`crate::clock`]).

use std::collections::HashMap;
use std::time::Duration;

use crate::random;

/// Seconds in a day, for the "per day" force-refresh quota (days are counted from server start).
const DAY_SECS: u64 = 86_400;

/// Token rules the server was built with.
#[derive(Debug, Clone)]
pub(crate) struct TokenSettings {
    /// Lifetime of a freshly issued token (both kinds).
    pub(crate) expires_in: Duration,
    /// How long a classic token stays usable after a newer one replaced it.
    pub(crate) grace: Duration,
    /// In normal mode, a stable token with at most this much life left is renewed.
    pub(crate) stable_window: Duration,
    /// Force refreshes allowed per app and day.
    pub(crate) force_daily_limit: u32,
    /// Minimum spacing of two force refreshes; a closer one returns the current token.
    pub(crate) force_min_interval: Duration,
}

impl Default for TokenSettings {
    fn default() -> Self {
        Self {
            expires_in: Duration::from_secs(7200),
            grace: Duration::ZERO,
            stable_window: Duration::from_secs(300),
            force_daily_limit: 20,
            force_min_interval: Duration::from_secs(30),
        }
    }
}

/// Which endpoint issued a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Classic,
    Stable,
    /// An `authorizer_access_token`, owned by the authorizer's appid.
    Authorizer,
}

#[derive(Debug)]
struct Record {
    appid: String,
    expires_at: Duration,
    /// Set when the token was superseded or revoked: from then on it answers 40001.
    invalid_from: Option<Duration>,
}

#[derive(Debug, Default)]
struct AppTokens {
    classic: Option<String>,
    stable: Option<String>,
    authorizer: Option<String>,
    force_day: u64,
    forced_today: u32,
    last_forced: Option<Duration>,
}

/// A token handed out, with the `expires_in` to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Issued {
    pub(crate) access_token: String,
    pub(crate) expires_in: u64,
}

/// Why a presented token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenError {
    /// Not something a WeChat server would ever issue (40014).
    Malformed,
    /// Never issued by this server (40001).
    Unknown,
    /// Superseded by a newer token or revoked (40001).
    Invalidated,
    /// Past its lifetime (42001).
    Expired,
}

/// What a stable-token call did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StableAction {
    /// Normal mode: the current token, with its remaining lifetime.
    Reused,
    /// Normal mode: a new token (none yet, expired, or inside the renewal window).
    Renewed,
    /// Force mode: the previous token was invalidated and a new one issued.
    Forced,
    /// Force mode within the minimum interval: nothing refreshed, the current token returned.
    ForceTooSoon,
}

/// Every token issued by one server.
#[derive(Debug, Default)]
pub(crate) struct TokenStore {
    records: HashMap<String, Record>,
    apps: HashMap<String, AppTokens>,
}

/// `d` in whole seconds, rounded up (a token with 0.4 s left still reports 1 s).
fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

impl TokenStore {
    fn mint(&mut self, appid: &str, now: Duration, settings: &TokenSettings) -> Issued {
        let token = random::access_token();
        self.records.insert(
            token.clone(),
            Record {
                appid: appid.to_owned(),
                expires_at: now + settings.expires_in,
                invalid_from: None,
            },
        );
        Issued {
            access_token: token,
            expires_in: ceil_secs(settings.expires_in),
        }
    }

    fn invalidate(&mut self, token: &str, from: Duration) {
        if let Some(record) = self.records.get_mut(token) {
            record.invalid_from = Some(record.invalid_from.map_or(from, |f| f.min(from)));
        }
    }

    /// Life left of a usable token, or `None` if it is expired, superseded or unknown.
    fn remaining(&self, token: &str, now: Duration) -> Option<Duration> {
        let record = self.records.get(token)?;
        if record.invalid_from.is_some_and(|from| now >= from) {
            return None;
        }
        record
            .expires_at
            .checked_sub(now)
            .filter(|left| !left.is_zero())
    }

    fn slot(&mut self, appid: &str, kind: Kind) -> &mut Option<String> {
        let app = self.apps.entry(appid.to_owned()).or_default();
        match kind {
            Kind::Classic => &mut app.classic,
            Kind::Stable => &mut app.stable,
            Kind::Authorizer => &mut app.authorizer,
        }
    }

    /// `/cgi-bin/token`: a new classic token; the previous one stays usable for `grace`.
    pub(crate) fn issue_classic(
        &mut self,
        appid: &str,
        now: Duration,
        settings: &TokenSettings,
    ) -> Issued {
        if let Some(old) = self.slot(appid, Kind::Classic).take() {
            self.invalidate(&old, now + settings.grace);
        }
        let issued = self.mint(appid, now, settings);
        *self.slot(appid, Kind::Classic) = Some(issued.access_token.clone());
        issued
    }

    /// `/cgi-bin/component/api_authorizer_token`: a new `authorizer_access_token` for the
    /// authorizer `appid`; the previous one answers 40001 at once.
    pub(crate) fn issue_authorizer(
        &mut self,
        appid: &str,
        now: Duration,
        settings: &TokenSettings,
    ) -> Issued {
        if let Some(old) = self.slot(appid, Kind::Authorizer).take() {
            self.invalidate(&old, now);
        }
        let issued = self.mint(appid, now, settings);
        *self.slot(appid, Kind::Authorizer) = Some(issued.access_token.clone());
        issued
    }

    /// A new stable token that immediately invalidates the previous one.
    fn force_stable(&mut self, appid: &str, now: Duration, settings: &TokenSettings) -> Issued {
        if let Some(old) = self.slot(appid, Kind::Stable).take() {
            self.invalidate(&old, now);
        }
        let issued = self.mint(appid, now, settings);
        *self.slot(appid, Kind::Stable) = Some(issued.access_token.clone());
        issued
    }

    /// `/cgi-bin/stable_token`. `Err(())` means the daily force-refresh quota is used up (45009).
    pub(crate) fn stable(
        &mut self,
        appid: &str,
        now: Duration,
        force: bool,
        settings: &TokenSettings,
    ) -> Result<(Issued, StableAction), ()> {
        let current = self
            .slot(appid, Kind::Stable)
            .clone()
            .and_then(|token| self.remaining(&token, now).map(|left| (token, left)));
        if !force {
            let window = if settings.expires_in > settings.stable_window {
                settings.stable_window
            } else {
                Duration::ZERO
            };
            if let Some((token, left)) = current {
                if left > window {
                    let issued = Issued {
                        access_token: token,
                        expires_in: ceil_secs(left),
                    };
                    return Ok((issued, StableAction::Reused));
                }
            }
            // Renewal keeps the old token usable until its own expiry.
            let issued = self.mint(appid, now, settings);
            *self.slot(appid, Kind::Stable) = Some(issued.access_token.clone());
            return Ok((issued, StableAction::Renewed));
        }

        let day = now.as_secs() / DAY_SECS;
        let app = self.apps.entry(appid.to_owned()).or_default();
        if app.force_day != day {
            app.force_day = day;
            app.forced_today = 0;
        }
        if app.forced_today >= settings.force_daily_limit {
            return Err(());
        }
        let too_soon = app
            .last_forced
            .is_some_and(|last| now.saturating_sub(last) < settings.force_min_interval);
        if let (true, Some((token, left))) = (too_soon, current) {
            let issued = Issued {
                access_token: token,
                expires_in: ceil_secs(left),
            };
            return Ok((issued, StableAction::ForceTooSoon));
        }
        app.forced_today += 1;
        app.last_forced = Some(now);
        Ok((
            self.force_stable(appid, now, settings),
            StableAction::Forced,
        ))
    }

    /// Checks a presented token; on success returns the appid it belongs to.
    ///
    /// Expiry is checked before invalidation: a token that has both lapsed and been superseded
    /// answers 42001, like a lapsed one.
    pub(crate) fn validate(&self, token: &str, now: Duration) -> Result<&str, TokenError> {
        let Some(record) = self.records.get(token) else {
            return Err(if random::is_well_formed_token(token) {
                TokenError::Unknown
            } else {
                TokenError::Malformed
            });
        };
        if now >= record.expires_at {
            Err(TokenError::Expired)
        } else if record.invalid_from.is_some_and(|from| now >= from) {
            Err(TokenError::Invalidated)
        } else {
            Ok(&record.appid)
        }
    }

    /// The app's newest token of `kind`, if it is still usable.
    pub(crate) fn current(&self, appid: &str, kind: Kind, now: Duration) -> Option<String> {
        let app = self.apps.get(appid)?;
        let token = match kind {
            Kind::Classic => app.classic.as_ref(),
            Kind::Stable => app.stable.as_ref(),
            Kind::Authorizer => app.authorizer.as_ref(),
        }?;
        self.remaining(token, now).map(|_| token.clone())
    }

    /// Test control: a new stable token, bypassing the force-refresh quota and spacing.
    pub(crate) fn rotate_stable(
        &mut self,
        appid: &str,
        now: Duration,
        settings: &TokenSettings,
    ) -> Issued {
        self.force_stable(appid, now, settings)
    }

    /// Test control: every token of the app answers 40001 from now on.
    pub(crate) fn revoke_all(&mut self, appid: &str, now: Duration) {
        let tokens: Vec<String> = self
            .records
            .iter()
            .filter(|(_, r)| r.appid == appid)
            .map(|(t, _)| t.clone())
            .collect();
        for token in tokens {
            self.invalidate(&token, now);
        }
        if let Some(app) = self.apps.get_mut(appid) {
            app.classic = None;
            app.stable = None;
            app.authorizer = None;
        }
    }

    /// Test control: every token of the app answers 42001 from now on.
    pub(crate) fn expire_all(&mut self, appid: &str, now: Duration) {
        for record in self.records.values_mut().filter(|r| r.appid == appid) {
            record.expires_at = record.expires_at.min(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn a_new_classic_token_supersedes_the_old_one() {
        let settings = TokenSettings::default();
        let mut store = TokenStore::default();
        let first = store.issue_classic("wx1", S(0), &settings);
        assert_eq!(store.validate(&first.access_token, S(1)), Ok("wx1"));
        let second = store.issue_classic("wx1", S(2), &settings);
        assert_eq!(
            store.validate(&first.access_token, S(2)),
            Err(TokenError::Invalidated)
        );
        assert_eq!(store.validate(&second.access_token, S(2)), Ok("wx1"));
        assert_eq!(
            store.validate(&second.access_token, S(7202)),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn grace_keeps_the_old_token_for_a_while() {
        let settings = TokenSettings {
            grace: S(300),
            ..TokenSettings::default()
        };
        let mut store = TokenStore::default();
        let first = store.issue_classic("wx1", S(0), &settings);
        store.issue_classic("wx1", S(10), &settings);
        assert!(store.validate(&first.access_token, S(309)).is_ok());
        assert_eq!(
            store.validate(&first.access_token, S(310)),
            Err(TokenError::Invalidated)
        );
    }

    #[test]
    fn unknown_and_malformed_tokens() {
        let store = TokenStore::default();
        assert_eq!(store.validate("abc", S(0)), Err(TokenError::Malformed));
        assert_eq!(
            store.validate(&"A".repeat(64), S(0)),
            Err(TokenError::Unknown)
        );
    }

    #[test]
    fn stable_normal_mode_reuses_then_renews_in_the_window() {
        let settings = TokenSettings::default();
        let mut store = TokenStore::default();
        let (a, action) = store.stable("wx1", S(0), false, &settings).unwrap();
        assert_eq!((a.expires_in, action), (7200, StableAction::Renewed));
        let (b, action) = store.stable("wx1", S(100), false, &settings).unwrap();
        assert_eq!(action, StableAction::Reused);
        assert_eq!(
            (b.access_token.as_str(), b.expires_in),
            (a.access_token.as_str(), 7100)
        );
        let (c, action) = store.stable("wx1", S(6900), false, &settings).unwrap();
        assert_eq!(action, StableAction::Renewed);
        assert_ne!(c.access_token, a.access_token);
        // The renewed-away token lives on until its own expiry.
        assert!(store.validate(&a.access_token, S(7000)).is_ok());
    }

    #[test]
    fn force_refresh_spacing_and_daily_quota() {
        let settings = TokenSettings {
            force_daily_limit: 2,
            ..TokenSettings::default()
        };
        let mut store = TokenStore::default();
        let (a, _) = store.stable("wx1", S(0), true, &settings).unwrap();
        let (b, action) = store.stable("wx1", S(10), true, &settings).unwrap();
        assert_eq!(action, StableAction::ForceTooSoon);
        assert_eq!(b.access_token, a.access_token);
        let (c, action) = store.stable("wx1", S(40), true, &settings).unwrap();
        assert_eq!(action, StableAction::Forced);
        assert_eq!(
            store.validate(&a.access_token, S(40)),
            Err(TokenError::Invalidated)
        );
        assert!(store.stable("wx1", S(80), true, &settings).is_err());
        // A new day resets the quota.
        let (d, _) = store.stable("wx1", S(DAY_SECS), true, &settings).unwrap();
        assert_ne!(d.access_token, c.access_token);
    }

    #[test]
    fn a_new_authorizer_token_supersedes_the_old_one_at_once() {
        let settings = TokenSettings {
            grace: S(300),
            ..TokenSettings::default()
        };
        let mut store = TokenStore::default();
        let classic = store.issue_classic("wxm", S(0), &settings);
        let first = store.issue_authorizer("wxm", S(0), &settings);
        assert_eq!(store.validate(&first.access_token, S(1)), Ok("wxm"));
        let second = store.issue_authorizer("wxm", S(2), &settings);
        assert_eq!(
            store.validate(&first.access_token, S(2)),
            Err(TokenError::Invalidated),
            "no grace for authorizer tokens"
        );
        assert_eq!(store.validate(&second.access_token, S(2)), Ok("wxm"));
        assert!(store.validate(&classic.access_token, S(2)).is_ok());
        assert_eq!(
            store.current("wxm", Kind::Authorizer, S(2)),
            Some(second.access_token)
        );
    }

    #[test]
    fn kinds_are_isolated() {
        let settings = TokenSettings::default();
        let mut store = TokenStore::default();
        let classic = store.issue_classic("wx1", S(0), &settings);
        let (stable, _) = store.stable("wx1", S(0), true, &settings).unwrap();
        store.issue_classic("wx1", S(1), &settings);
        assert!(store.validate(&stable.access_token, S(1)).is_ok());
        store.stable("wx1", S(60), true, &settings).unwrap();
        assert_eq!(
            store.validate(&classic.access_token, S(60)),
            Err(TokenError::Invalidated)
        );
        assert!(store.current("wx1", Kind::Classic, S(60)).is_some());
    }
}
