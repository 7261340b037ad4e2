//! A page's JSON samples, repaired where they can be: `…` truncations, `//` comments,
//! trailing commas, a stray closing brace.
