//! The notice that free language assistance is available, in each language
//! a practice may list under `language_assistance:`. Section 1557 of the
//! Affordable Care Act (45 CFR 92.11) asks covered practices to tell
//! visitors this in the languages their state speaks most; a visitor who
//! reads only Vietnamese must find it in Vietnamese, so each notice is
//! written in its own language, not looked up in the page's catalog.

/// One language's notice.
#[derive(Debug, PartialEq, Eq)]
pub struct Assistance {
    /// The language's code, for `lang` and for `language_assistance:`.
    pub code: &'static str,
    /// The language's own name for itself.
    pub name: &'static str,
    /// A few words for the footer's link.
    pub short: &'static str,
    /// The notice, with `{phone}` where the practice's number goes.
    pub notice: &'static str,
    /// Written right to left.
    pub right_to_left: bool,
}

impl Assistance {
    /// The notice split around the phone number, so the number can be a
    /// link (and kept left to right inside right-to-left text).
    pub fn around_phone(&self) -> (&'static str, &'static str) {
        self.notice
            .split_once("{phone}")
            .unwrap_or((self.notice, ""))
    }

    /// The text direction, for `dir`.
    pub fn direction(&self) -> &'static str {
        if self.right_to_left { "rtl" } else { "ltr" }
    }
}

/// The language with `code`, if Hearth has its notice.
pub fn of(code: &str) -> Option<&'static Assistance> {
    NOTICES.iter().find(|notice| notice.code == code)
}

/// The codes Hearth has a notice for, for messages.
pub fn codes() -> Vec<&'static str> {
    NOTICES.iter().map(|notice| notice.code).collect()
}

const fn notice(
    code: &'static str,
    name: &'static str,
    short: &'static str,
    notice: &'static str,
) -> Assistance {
    Assistance {
        code,
        name,
        short,
        notice,
        right_to_left: false,
    }
}

const fn right_to_left(assistance: Assistance) -> Assistance {
    Assistance {
        right_to_left: true,
        ..assistance
    }
}

/// The languages most often named in US states' Section 1557 lists, and
/// English for a practice whose main language is another.
const NOTICES: [Assistance; 14] = [
    notice(
        "en",
        "English",
        "Free language assistance",
        "If you speak English, free language assistance services are available to you. Call {phone}.",
    ),
    notice(
        "es",
        "Español",
        "Ayuda gratuita con el idioma",
        "Si habla español, tiene a su disposición servicios gratuitos de ayuda con el idioma. Llame al {phone}.",
    ),
    notice(
        "zh",
        "中文",
        "免费语言协助",
        "如果您说中文，我们可以为您免费提供语言协助服务。请致电 {phone}。",
    ),
    notice(
        "vi",
        "Tiếng Việt",
        "Hỗ trợ ngôn ngữ miễn phí",
        "Nếu quý vị nói tiếng Việt, chúng tôi có dịch vụ hỗ trợ ngôn ngữ miễn phí dành cho quý vị. Xin gọi số {phone}.",
    ),
    notice(
        "tl",
        "Tagalog",
        "Libreng tulong sa wika",
        "Kung nagsasalita kayo ng Tagalog, may libreng tulong sa wika para sa inyo. Tumawag sa {phone}.",
    ),
    notice(
        "ko",
        "한국어",
        "무료 언어 지원",
        "한국어를 사용하시는 경우, 무료 언어 지원 서비스를 이용하실 수 있습니다. {phone}번으로 전화해 주십시오.",
    ),
    notice(
        "ru",
        "Русский",
        "Бесплатная языковая помощь",
        "Если вы говорите по-русски, вам доступна бесплатная языковая помощь. Позвоните по номеру {phone}.",
    ),
    right_to_left(notice(
        "ar",
        "العربية",
        "مساعدة لغوية مجانية",
        "إذا كنت تتحدث العربية، فإن خدمات المساعدة اللغوية متاحة لك مجانًا. اتصل على الرقم {phone}.",
    )),
    notice(
        "fr",
        "Français",
        "Aide linguistique gratuite",
        "Si vous parlez français, une aide linguistique gratuite est à votre disposition. Appelez le {phone}.",
    ),
    notice(
        "ht",
        "Kreyòl ayisyen",
        "Èd gratis nan lang ou",
        "Si ou pale kreyòl ayisyen, gen sèvis èd nan lang ou ki disponib gratis pou ou. Rele {phone}.",
    ),
    notice(
        "pt",
        "Português",
        "Assistência linguística gratuita",
        "Se você fala português, tem à sua disposição serviços gratuitos de assistência linguística. Ligue para {phone}.",
    ),
    notice(
        "ja",
        "日本語",
        "無料の言語支援",
        "日本語を話される方は、無料の言語支援サービスをご利用いただけます。{phone} までお電話ください。",
    ),
    right_to_left(notice(
        "fa",
        "فارسی",
        "کمک زبانی رایگان",
        "اگر به زبان فارسی صحبت می‌کنید، خدمات کمک زبانی به‌صورت رایگان در اختیار شما است. با شماره {phone} تماس بگیرید.",
    )),
    notice(
        "de",
        "Deutsch",
        "Kostenlose Sprachhilfe",
        "Wenn Sie Deutsch sprechen, steht Ihnen kostenlose Sprachhilfe zur Verfügung. Rufen Sie {phone} an.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_has_one_place_for_the_phone() {
        for notice in &NOTICES {
            assert_eq!(
                notice.notice.matches("{phone}").count(),
                1,
                "{}",
                notice.code
            );
            assert_eq!(of(notice.code), Some(notice));
        }
        assert_eq!(of("xx"), None);
    }
}
