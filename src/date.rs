//! Calendar dates without a time zone, enough for `updated:` and review deadlines.
//!
//! deskbook needs only "which day" arithmetic (add months, compare), so this avoids a date-time
//! dependency. "Today" can be pinned with `SOURCE_DATE_EPOCH` (the reproducible-builds convention) or
//! `DESKBOOK_TODAY=YYYY-MM-DD`, so that overdue badges and builds can be reproduced exactly.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD` and checks that the day exists.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = &text[r];
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let date = Date {
            year: digits(0..4)? as i32,
            month: digits(5..7)?,
            day: digits(8..10)?,
        };
        (date.year >= 1900
            && (1..=12).contains(&date.month)
            && (1..=days_in_month(date.year, date.month)).contains(&date.day))
        .then_some(date)
    }

    /// The same day `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28).
    pub fn add_months(self, months: u32) -> Date {
        let total = self.year * 12 + (self.month as i32 - 1) + months as i32;
        let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// Days since 1970-01-01 (negative before it): the inverse of [`Date::from_days_since_epoch`].
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let month = i64::from(self.month);
        let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The dates a trainer may have meant by `text` written another way: `12/03/2026` is
    /// 12 March or 3 December (both, day first), `13.03.2026` only 13 March, `2026/3/12`
    /// 12 March. Empty when `text` is not three numbers with a four-digit year.
    pub fn readings(text: &str) -> Vec<Date> {
        let parts: Vec<&str> = text
            .trim()
            .split(['/', '.', '-', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        let [a, b, c] = parts.as_slice() else {
            return Vec::new();
        };
        if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return Vec::new();
        }
        let ymd = |y: &str, m: &str, d: &str| Date::parse(&format!("{y:0>4}-{m:0>2}-{d:0>2}"));
        let mut out = Vec::new();
        if a.len() == 4 {
            out.extend(ymd(a, b, c));
        } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
            out.extend(ymd(c, b, a));
            out.extend(ymd(c, a, b));
        }
        out.dedup();
        out
    }

    /// The date in words, `12 March 2026`, to tell two readings apart.
    pub fn spelled(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        format!(
            "{} {} {}",
            self.day,
            MONTHS[(self.month - 1) as usize],
            self.year
        )
    }

    /// Today's date (UTC), unless pinned by `DESKBOOK_TODAY` or `SOURCE_DATE_EPOCH`.
    pub fn today() -> Date {
        if let Some(d) = std::env::var("DESKBOOK_TODAY")
            .ok()
            .and_then(|v| Date::parse(v.trim()))
        {
            return d;
        }
        let secs = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64)
            });
        Date::from_days_since_epoch(secs.div_euclid(86_400))
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_days() {
        assert_eq!(Date::parse("2026-09-01").unwrap().to_string(), "2026-09-01");
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("yesterday").is_none());
        assert!(Date::parse("2026-9-1").is_none());
    }

    #[test]
    fn other_ways_of_writing_a_date() {
        let shown = |t: &str| {
            Date::readings(t)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(shown("12/03/2026"), ["2026-03-12", "2026-12-03"]);
        assert_eq!(shown("13.03.2026"), ["2026-03-13"]);
        assert_eq!(shown("3/3/2026"), ["2026-03-03"]);
        assert_eq!(shown("2026/3/12"), ["2026-03-12"]);
        assert!(shown("31/02/2026").is_empty());
        assert!(shown("yesterday").is_empty());
        assert_eq!(
            Date::parse("2026-03-12").unwrap().spelled(),
            "12 March 2026"
        );
    }

    #[test]
    fn adds_months_with_clamping() {
        let d = Date::parse("2025-01-31").unwrap();
        assert_eq!(d.add_months(1).to_string(), "2025-02-28");
        assert_eq!(d.add_months(12).to_string(), "2026-01-31");
        assert_eq!(d.add_months(23).to_string(), "2026-12-31");
    }

    #[test]
    fn epoch_days() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        for days in [-800_000, -1, 0, 59, 20_415, 20_780, 1_000_000] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(
            Date::from_days_since_epoch(20_415).to_string(),
            "2025-11-23"
        );
    }
}
