//! Strict request checking, as a careful server does it: every field's type, every enum's range,
//! no unknown fields. Messages name the field by its JSON path so a client author can fix the call.

use serde_json::{Map, Value};

use super::reply::ApiFailure;

/// The JSON body of a request. `None` for an empty body; a body that is not JSON is refused.
pub fn parse_body(bytes: &[u8]) -> Result<Option<Value>, ApiFailure> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(bytes).map(Some).map_err(|e| {
        ApiFailure::bad_request(
            "invalid_json",
            format!("Request body is not valid JSON: {e}"),
        )
    })
}

/// A body that must be a JSON object.
pub fn require_object(body: &Option<Value>) -> Result<&Map<String, Value>, ApiFailure> {
    match body {
        None => Err(ApiFailure::invalid(
            "Request body is required (a JSON object)",
        )),
        Some(Value::Object(map)) => Ok(map),
        Some(other) => Err(ApiFailure::invalid(format!(
            "Request body must be a JSON object, got {}",
            kind(other)
        ))),
    }
}

/// The JSON type of a value, as a message names it.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// One object being checked, with the JSON path it sits at (for messages).
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    prefix: String,
}

impl<'a> Fields<'a> {
    pub fn new(map: &'a Map<String, Value>, prefix: &str) -> Self {
        Self {
            map,
            prefix: prefix.to_owned(),
        }
    }

    /// Refuses any key not in `allowed`.
    pub fn only(self, allowed: &[&str]) -> Result<Self, ApiFailure> {
        let mut unknown: Vec<&str> = self
            .map
            .keys()
            .map(String::as_str)
            .filter(|k| !allowed.contains(k))
            .collect();
        if unknown.is_empty() {
            return Ok(self);
        }
        unknown.sort_unstable();
        let names: Vec<String> = unknown
            .iter()
            .map(|k| format!("`{}`", join(&self.prefix, k)))
            .collect();
        Err(ApiFailure::invalid(format!(
            "Unknown field{} {}; allowed here: {}",
            if unknown.len() == 1 { "" } else { "s" },
            names.join(", "),
            allowed.join(", ")
        )))
    }

    pub fn path(&self, key: &str) -> String {
        join(&self.prefix, key)
    }

    pub fn raw(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    fn wrong(&self, key: &str, want: &str, got: &Value) -> ApiFailure {
        ApiFailure::invalid(format!(
            "`{}` must be {want}, got {}",
            self.path(key),
            kind(got)
        ))
    }

    /// A present field that must be a string (null is refused: absent means "unchanged").
    pub fn string(&self, key: &str) -> Result<Option<&'a str>, ApiFailure> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.wrong(key, "a string", other)),
        }
    }

    /// A string field the spec marks nullable: null is the same as absent.
    pub fn nullable_string(&self, key: &str) -> Result<Option<&'a str>, ApiFailure> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.wrong(key, "a string or null", other)),
        }
    }

    pub fn boolean(&self, key: &str) -> Result<Option<bool>, ApiFailure> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.wrong(key, "a boolean (true or false)", other)),
        }
    }

    pub fn integer(&self, key: &str) -> Result<Option<i64>, ApiFailure> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64()),
            Some(other) => Err(self.wrong(key, "an integer", other)),
        }
    }

    /// An integer that must be one of `allowed` (described, e.g. "0 (Contacts Only) or 1 (Always Ask)").
    pub fn int_enum(
        &self,
        key: &str,
        allowed: &[i64],
        described: &str,
    ) -> Result<Option<i64>, ApiFailure> {
        let value = self.integer(key)?;
        match value {
            Some(v) if !allowed.contains(&v) => Err(ApiFailure::invalid(format!(
                "`{}` must be {described}, got {v}",
                self.path(key)
            ))),
            other => Ok(other),
        }
    }

    pub fn object(&self, key: &str) -> Result<Option<Fields<'a>>, ApiFailure> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Object(m)) => Ok(Some(Fields::new(m, &self.path(key)))),
            Some(other) => Err(self.wrong(key, "an object", other)),
        }
    }

    /// An object field the spec marks nullable.
    pub fn nullable_object(&self, key: &str) -> Result<Option<Fields<'a>>, ApiFailure> {
        match self.map.get(key) {
            Some(Value::Null) => Ok(None),
            _ => self.object(key),
        }
    }

    pub fn array(&self, key: &str) -> Result<Option<&'a Vec<Value>>, ApiFailure> {
        match self.map.get(key) {
            None => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(other) => Err(self.wrong(key, "an array", other)),
        }
    }
}

/// A first or last name the PUT may store: the client's own rule (`crate::validate`), so the
/// demo refuses exactly what bloocard refuses before sending, with the same limit.
pub fn check_name(key: &str, name: &str) -> Result<(), ApiFailure> {
    match crate::validate::name_problem(name) {
        None => Ok(()),
        Some(problem) => Err(ApiFailure::invalid(format!("`{key}` has {problem}"))),
    }
}

/// An http(s) URL, as attachments and link previews need.
pub fn check_url(path: &str, url: &str) -> Result<(), ApiFailure> {
    let ok = reqwest::Url::parse(url)
        .map(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(ApiFailure::invalid(format!(
            "`{path}` must be an http(s) URL, got {url:?}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn messages_name_the_field_path() {
        let v = json!({"sharing": {"audience": "1", "x": 1}});
        let top = Fields::new(v.as_object().unwrap(), "");
        let sharing = top.object("sharing").unwrap().unwrap();
        let e = sharing.integer("audience").unwrap_err();
        assert_eq!(
            e.message,
            "`sharing.audience` must be an integer, got a string"
        );
        let e = Fields::new(v["sharing"].as_object().unwrap(), "sharing")
            .only(&["audience"])
            .err()
            .unwrap();
        assert_eq!(
            e.message,
            "Unknown field `sharing.x`; allowed here: audience"
        );
    }

    #[test]
    fn names_follow_the_clients_limit() {
        let limit = crate::validate::NAME_MAX_CHARS;
        assert!(check_name("first_name", &"a".repeat(limit)).is_ok());
        let e = check_name("first_name", &"a".repeat(limit + 1)).unwrap_err();
        assert_eq!(
            e.message,
            "`first_name` has 65 characters, more than the 64 allowed"
        );
    }

    #[test]
    fn enum_range_and_floats_are_refused() {
        let v = json!({"a": 2, "b": 1.0});
        let f = Fields::new(v.as_object().unwrap(), "");
        assert!(
            f.int_enum("a", &[0, 1], "0 or 1")
                .unwrap_err()
                .message
                .contains("got 2")
        );
        assert!(f.integer("b").is_err());
    }
}
