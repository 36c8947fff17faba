//! A rendered body as it is kept in memory: the bytes, a strong validator
//! for each encoding, and the brotli and gzip forms, compressed once instead
//! of on every request.
//!
//! Compressing every page at the best settings takes far longer than
//! rendering them (brotli's quality 11 costs about 13 ms for a 14 KB page),
//! so it does not hold up the start: a background pass fills in gzip for
//! every page, then brotli. A page asked for before the pass reaches it gets
//! gzip, made on the spot in a fraction of a millisecond. Either way each
//! encoding of a page is made once, so its bytes and its ETag never change.
//! Compression is deterministic, which keeps `hearth build` byte-identical.

use std::io::Write;
use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use axum::http::HeaderValue;

/// Brotli's best quality: slow, but paid once per page, in the background.
const BROTLI_QUALITY: u32 = 11;
/// Brotli's window: 4 MB, larger than any page.
const BROTLI_WINDOW_BITS: u32 = 22;
/// Bodies smaller than this are not worth a compression header and a decoder.
pub const MIN_COMPRESSED_LEN: u64 = 512;

/// How a body travels, in the server's order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The `Content-Encoding` value, and the file suffix `hearth build` uses.
    pub fn token(self) -> Option<&'static str> {
        match self {
            Encoding::Brotli => Some("br"),
            Encoding::Gzip => Some("gzip"),
            Encoding::Identity => None,
        }
    }

    /// The extension of this encoding's sibling file in a static export.
    pub fn file_suffix(self) -> Option<&'static str> {
        match self {
            Encoding::Brotli => Some(".br"),
            Encoding::Gzip => Some(".gz"),
            Encoding::Identity => None,
        }
    }
}

/// One rendered body and everything needed to answer a request for it.
#[derive(Debug, Clone)]
pub struct Page {
    pub content_type: &'static str,
    /// The uncompressed body.
    uncompressed: Bytes,
    /// The identity, gzip and brotli validators: different bytes need
    /// different strong ETags, or a cache could mix them up.
    etags: [HeaderValue; 3],
    /// Text compresses; photos and other binary files are compressed already.
    compressible: bool,
    /// Shared with the same page in the next version of the site when it has
    /// not changed, so a reload does not compress it again.
    compressed: Arc<Compressed>,
}

#[derive(Debug, Default)]
struct Compressed {
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
}

pub const HTML: &str = "text/html; charset=utf-8";

impl Page {
    /// An HTML page.
    pub fn new(mut html: String) -> Page {
        // Kept for the life of the site: give back what rendering reserved.
        html.shrink_to_fit();
        Page::of_type(HTML, Bytes::from(html))
    }

    /// Any body, served as `content_type`.
    pub fn of_type(content_type: &'static str, body: Bytes) -> Page {
        let hash = crate::digest::short_sha256(&body, 12);
        let etag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{hash}{suffix}\""))
                .expect("hex digits are a valid header value")
        };
        Page {
            content_type,
            uncompressed: body,
            etags: [etag("-br"), etag("-gz"), etag("")],
            compressible: content_type.starts_with("text/")
                || content_type.contains("xml")
                || content_type.contains("json"),
            compressed: Arc::default(),
        }
    }

    /// The strong validator of this page in `encoding`.
    pub fn etag(&self, encoding: Encoding) -> &HeaderValue {
        &self.etags[encoding as usize]
    }

    /// Whether this body is worth compressing at all.
    pub fn compresses(&self) -> bool {
        self.compressible && self.uncompressed.len() as u64 >= MIN_COMPRESSED_LEN
    }

    /// The body in `encoding`, compressing it now if that has not happened yet.
    pub fn body(&self, encoding: Encoding) -> Bytes {
        match encoding {
            Encoding::Identity => self.uncompressed.clone(),
            Encoding::Gzip => self
                .compressed
                .gzip
                .get_or_init(|| gzip(&self.uncompressed))
                .clone(),
            Encoding::Brotli => self
                .compressed
                .brotli
                .get_or_init(|| brotli(&self.uncompressed))
                .clone(),
        }
    }

    /// Whether the body in `encoding` is ready without compressing anything.
    pub fn is_ready(&self, encoding: Encoding) -> bool {
        match encoding {
            Encoding::Identity => true,
            Encoding::Gzip => self.compressed.gzip.get().is_some(),
            Encoding::Brotli => self.compressed.brotli.get().is_some(),
        }
    }

    /// Makes both compressed forms now.
    pub fn precompress_all(&self) {
        if self.compresses() {
            self.body(Encoding::Gzip);
            self.body(Encoding::Brotli);
        }
    }

    /// Which encoding of this page the client already holds, by the entity
    /// tags of its `If-None-Match` values, or `None` when the page must be
    /// sent. The choices, after RFC 9110 §13.1.2:
    /// - `*` matches: the client holds the page as it would be `sending` now;
    /// - weak tags compare weakly: `W/"tag"` matches `"tag"`, as
    ///   `If-None-Match` requires (the `W/` prefix is case-sensitive, once);
    /// - any encoding's tag matches, and is answered with that encoding's
    ///   tag: every encoding stands for the same page;
    /// - a tag compares whole, quotes included; anything else is ignored.
    pub fn held_encoding<'a>(
        &self,
        if_none_match: impl Iterator<Item = &'a str>,
        sending: Encoding,
    ) -> Option<Encoding> {
        if_none_match
            .flat_map(|value| value.split(','))
            .map(|candidate| {
                let candidate = candidate.trim();
                candidate.strip_prefix("W/").unwrap_or(candidate)
            })
            .find_map(|candidate| {
                if candidate == "*" {
                    return Some(sending);
                }
                [Encoding::Brotli, Encoding::Gzip, Encoding::Identity]
                    .into_iter()
                    .find(|&encoding| self.etag(encoding) == candidate)
            })
    }

    /// Takes over the compressed forms of `previous` if it is the same body.
    pub fn adopt(&mut self, previous: &Page) {
        if self.etags[2] == previous.etags[2] {
            self.compressed = Arc::clone(&previous.compressed);
        }
    }
}

fn gzip(body: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::best(),
    );
    encoder
        .write_all(body)
        .and_then(|()| encoder.finish())
        .map(Bytes::from)
        .expect("writing to memory cannot fail")
}

fn brotli(body: &[u8]) -> Bytes {
    let mut compressed = Vec::with_capacity(body.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(
            &mut compressed,
            4096,
            BROTLI_QUALITY,
            BROTLI_WINDOW_BITS,
        );
        writer
            .write_all(body)
            .expect("writing to memory cannot fail");
    }
    Bytes::from(compressed)
}

/// What a request's `Accept-Encoding` allows: each coding's weight, 0 for refused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accepted {
    brotli: f32,
    gzip: f32,
    /// The body as it is; acceptable unless refused by name or by `*;q=0`.
    identity: f32,
}

impl Accepted {
    /// Reads every `Accept-Encoding` value of a request. Codings Hearth does
    /// not make are ignored; `*` stands for those not named.
    pub fn parse<'a>(accept_encoding: impl Iterator<Item = &'a str>) -> Accepted {
        let mut brotli = None;
        let mut gzip = None;
        let mut identity = None;
        let mut any = None;
        for item in accept_encoding.flat_map(|value| value.split(',')) {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let weight = parts
                .find_map(|parameter| {
                    let (name, value) = parameter.split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("q")
                        .then(|| value.trim().parse::<f32>().ok())?
                })
                // A weight that is no number ("nonsense", "NaN", "inf") is
                // ignored; one outside 0 to 1 counts as the nearest bound,
                // so a negative weight refuses.
                .filter(|weight| weight.is_finite())
                .map_or(1.0, |weight| weight.clamp(0.0, 1.0));
            let slot = if coding.eq_ignore_ascii_case("br") {
                &mut brotli
            } else if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
                &mut gzip
            } else if coding.eq_ignore_ascii_case("identity") {
                &mut identity
            } else if coding == "*" {
                &mut any
            } else {
                continue;
            };
            *slot = Some(weight);
        }
        Accepted {
            brotli: brotli.or(any).unwrap_or(0.0),
            gzip: gzip.or(any).unwrap_or(0.0),
            identity: identity.or(any).unwrap_or(1.0),
        }
    }

    /// Whether the client refused the identity and every coding Hearth
    /// makes, so that no form of any page would do.
    pub fn refuses_everything(self) -> bool {
        self.identity <= 0.0 && self.brotli <= 0.0 && self.gzip <= 0.0
    }

    /// The encoding to send `page` in: the one the client weights highest,
    /// brotli on a tie, the identity when it accepts neither or the page is
    /// too small to bother. When brotli is wanted but the background pass
    /// has not made it yet, gzip (quick to make) is sent if the client takes it.
    pub fn encoding_for(self, page: &Page) -> Encoding {
        if !page.compresses() {
            Encoding::Identity
        } else if self.brotli > 0.0 && self.brotli >= self.gzip {
            if self.gzip > 0.0 && !page.is_ready(Encoding::Brotli) {
                Encoding::Gzip
            } else {
                Encoding::Brotli
            }
        } else if self.gzip > 0.0 {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::arbitrary::Arbitrary;
    use proptest::strategy::Strategy;
    use std::io::Read;

    /// A page big enough to compress, with brotli already made.
    fn compressed_page() -> Page {
        static PAGE: OnceLock<Page> = OnceLock::new();
        PAGE.get_or_init(|| {
            let page = Page::new("<p>Grief has no timeline.</p>\n".repeat(100));
            page.precompress_all();
            page
        })
        .clone()
    }

    fn pick(header: &str) -> Encoding {
        Accepted::parse(std::iter::once(header)).encoding_for(&compressed_page())
    }

    /// Weights, ties, refusals and wildcards pick what the client prefers.
    #[test]
    fn negotiation_follows_the_clients_weights() {
        assert_eq!(pick("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(pick("gzip, deflate"), Encoding::Gzip);
        assert_eq!(pick("br;q=0.5, gzip"), Encoding::Gzip);
        assert_eq!(pick("br;q=0, gzip;q=0"), Encoding::Identity);
        assert_eq!(pick("identity"), Encoding::Identity);
        assert_eq!(pick(""), Encoding::Identity);
        assert_eq!(pick("*"), Encoding::Brotli);
        assert_eq!(pick("*;q=0.1, br;q=0"), Encoding::Gzip);
        assert_eq!(pick("GZIP ; Q=0.8"), Encoding::Gzip);
        assert_eq!(pick("br;q=nonsense"), Encoding::Brotli);
        assert_eq!(pick("br;q=NaN, gzip;q=0.5"), Encoding::Brotli);
        assert_eq!(pick("br;q=-1, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(pick("br;q=inf, gzip;q=5"), Encoding::Brotli);
        let refuses = Accepted::parse(std::iter::once("br;q=-1, gzip;q=-0, identity;q=-2"));
        assert!(refuses.refuses_everything());
        let split = Accepted::parse(["deflate", "gzip;q=0.9"].into_iter());
        assert_eq!(split.encoding_for(&compressed_page()), Encoding::Gzip);
    }

    /// Only a client that refuses the identity and both codings Hearth
    /// makes refuses everything; `*;q=0` refuses the identity unless it is
    /// named.
    #[test]
    fn refusing_everything_takes_refusing_the_identity_too() {
        let refuses = |header: &str| Accepted::parse(std::iter::once(header)).refuses_everything();
        assert!(refuses("identity;q=0"));
        assert!(refuses("*;q=0"));
        assert!(refuses("identity;q=0, deflate"));
        assert!(refuses("br;q=0, gzip;q=0, identity;q=0"));
        assert!(!refuses("identity;q=0, gzip"));
        assert!(!refuses("*;q=0, identity"));
        assert!(!refuses("br;q=0, gzip;q=0"));
        assert!(!refuses(""));
        assert!(!refuses("deflate"));
        assert!(!Accepted::parse(std::iter::empty()).refuses_everything());
    }

    proptest::proptest! {
        /// Any `Accept-Encoding` a client sends is read without a panic,
        /// and naming the identity last always makes some form acceptable.
        #[test]
        fn any_accept_encoding_is_read_and_the_identity_can_be_asked_for(
            header in r"[a-zA-Z0-9*;=,. \t-]{0,60}",
            noise in ".{0,40}",
        ) {
            let _ = Accepted::parse([header.as_str(), noise.as_str()].into_iter())
                .encoding_for(&compressed_page());
            let asked = format!("{header}, identity");
            proptest::prop_assert!(
                !Accepted::parse(std::iter::once(asked.as_str())).refuses_everything()
            );
        }

        /// Refusing br, gzip and the identity, in any order and case, with
        /// anything Hearth does not make besides, refuses everything.
        #[test]
        fn refusing_all_three_in_any_order_refuses_everything(
            order in proptest::sample::subsequence(vec!["BR;q=0", "gzip; q=0.0", "Identity;Q=0"], 3)
                .prop_shuffle(),
            other in r"(deflate|zstd|compress)(;q=0\.[1-9])?",
        ) {
            let header = format!("{}, {other}", order.join(", "));
            proptest::prop_assert!(
                Accepted::parse(std::iter::once(header.as_str())).refuses_everything(),
                "{}", header
            );
        }
    }

    /// Header text of every kind: arbitrary Unicode with NUL, controls,
    /// combining marks, right-to-left marks and emoji, and the separators
    /// and tokens the parsers look for.
    fn header_text() -> impl Strategy<Value = String> {
        let piece = proptest::prop_oneof![
            1 => proptest::arbitrary::any::<char>().prop_map(String::from),
            3 => proptest::sample::select(vec![
                "\0", "\u{301}", "\u{200F}", "\u{202E}", "🙂", "ñ", ",", ";", "=", " ",
                "\t", "\"", "*", "W/", "w/", "q", "Q=0", "br", "gzip", "identity", "1e9",
                "-0", "NaN", "inf", "0.", ".5",
            ])
            .prop_map(str::to_owned),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    /// One `Accept-Encoding` item: a coding, in any case, with or without a weight.
    #[derive(Debug, Clone)]
    struct Item {
        coding: &'static str,
        weight: Option<&'static str>,
    }

    fn item(coding: &'static str) -> impl Strategy<Value = Item> {
        proptest::option::of(proptest::sample::select(vec![
            "0", "0.0", "0.000", "0.001", "0.5", "1", "1.0",
        ]))
        .prop_map(move |weight| Item { coding, weight })
    }

    /// Each coding at most once, in any order, among codings Hearth does not make.
    fn items() -> impl Strategy<Value = Vec<Item>> {
        (
            item("br"),
            proptest::sample::select(vec!["gzip", "GZIP", "x-gzip"]).prop_flat_map(item),
            item("identity"),
            item("*"),
            item("deflate"),
        )
            .prop_map(|(br, gzip, identity, any, deflate)| vec![br, gzip, identity, any, deflate])
            .prop_flat_map(|all| proptest::sample::subsequence(all, 0..=5).prop_shuffle())
    }

    fn header_of(items: &[Item]) -> String {
        let written: Vec<String> = items
            .iter()
            .map(|item| match item.weight {
                Some(weight) => format!("{};q={weight}", item.coding),
                None => item.coding.to_owned(),
            })
            .collect();
        written.join(", ")
    }

    /// The weight an item gives, 1 when it names none.
    fn weight_of(items: &[Item], coding: &str) -> Option<f32> {
        items
            .iter()
            .find(|item| item.coding.eq_ignore_ascii_case(coding))
            .map(|item| item.weight.map_or(1.0, |weight| weight.parse().unwrap()))
    }

    proptest::proptest! {
        /// `Accept-Encoding` and `If-None-Match` values of any bytes a
        /// client can send are read without a panic, and so is any text.
        #[test]
        fn any_header_bytes_are_read_without_a_panic(
            bytes in proptest::collection::vec(proptest::arbitrary::any::<u8>(), 0..80),
            text in header_text(),
        ) {
            let page = compressed_page();
            let values: Vec<HeaderValue> = [HeaderValue::from_bytes(&bytes).ok(), HeaderValue::from_str(&text).ok()]
                .into_iter()
                .flatten()
                .collect();
            let readable = || values.iter().filter_map(|value| value.to_str().ok());
            let encoding = Accepted::parse(readable()).encoding_for(&page);
            page.held_encoding(readable(), encoding);
            let encoding = Accepted::parse(std::iter::once(text.as_str())).encoding_for(&page);
            page.held_encoding(std::iter::once(text.as_str()), encoding);
        }

        /// The choices `Accepted` documents hold for any mix of codings: a
        /// coding named with q=0 is never sent; `*` stands for codings not
        /// named; the identity is refused only by name or by `*;q=0`.
        #[test]
        fn negotiation_keeps_its_documented_choices(items in items()) {
            let header = header_of(&items);
            let accepted = Accepted::parse(std::iter::once(header.as_str()));
            let chosen = accepted.encoding_for(&compressed_page());
            let any = weight_of(&items, "*");
            let brotli = weight_of(&items, "br").or(any).unwrap_or(0.0);
            let gzip = weight_of(&items, "gzip").or(weight_of(&items, "x-gzip")).or(any).unwrap_or(0.0);
            let identity = weight_of(&items, "identity").or(any).unwrap_or(1.0);
            if brotli == 0.0 {
                proptest::prop_assert_ne!(chosen, Encoding::Brotli, "{}", header);
            }
            if gzip == 0.0 {
                proptest::prop_assert_ne!(chosen, Encoding::Gzip, "{}", header);
            }
            if brotli > 0.0 && brotli >= gzip {
                proptest::prop_assert_eq!(chosen, Encoding::Brotli, "{}", header);
            }
            proptest::prop_assert_eq!(
                accepted.refuses_everything(),
                identity == 0.0 && brotli == 0.0 && gzip == 0.0,
                "{}", header
            );
        }

        /// Among any other tags, in any header and position, one of the
        /// page's tags (weak or strong) or `*` is recognised; tags that are
        /// not the page's never are.
        #[test]
        fn if_none_match_finds_the_pages_tag_among_any_others(
            others in proptest::collection::vec(header_text(), 0..4),
            held in proptest::sample::select(vec![Encoding::Brotli, Encoding::Gzip, Encoding::Identity]),
            weak in proptest::bool::ANY,
            position in proptest::sample::Index::arbitrary(),
        ) {
            let page = compressed_page();
            let strangers: Vec<&str> = others.iter().map(String::as_str).collect();
            let has_star = strangers.iter().flat_map(|value| value.split(',')).any(|candidate| {
                let candidate = candidate.trim();
                candidate.strip_prefix("W/").unwrap_or(candidate) == "*"
            });
            if !has_star {
                proptest::prop_assert_eq!(
                    page.held_encoding(strangers.iter().copied(), Encoding::Gzip),
                    None
                );
            }
            let tag = page.etag(held).to_str().unwrap();
            let tag = if weak { format!("W/{tag}") } else { tag.to_owned() };
            let mut values = strangers.clone();
            values.insert(position.index(values.len() + 1), &tag);
            let found = page.held_encoding(values.iter().copied(), Encoding::Gzip);
            proptest::prop_assert!(found == Some(held) || has_star, "{:?}", values);
            let mut values = strangers.clone();
            values.insert(position.index(values.len() + 1), "*");
            proptest::prop_assert!(page.held_encoding(values.iter().copied(), Encoding::Gzip).is_some());
        }
    }

    /// `If-None-Match`'s documented choices, one by one.
    #[test]
    fn if_none_match_compares_weakly_and_takes_a_star() {
        let page = compressed_page();
        let brotli_tag = page.etag(Encoding::Brotli).to_str().unwrap().to_owned();
        let held = |header: &str| page.held_encoding(std::iter::once(header), Encoding::Gzip);
        assert_eq!(held(&brotli_tag), Some(Encoding::Brotli));
        assert_eq!(held(&format!("W/{brotli_tag}")), Some(Encoding::Brotli));
        assert_eq!(
            held(&format!("\"x\", {brotli_tag} ")),
            Some(Encoding::Brotli)
        );
        assert_eq!(held("*"), Some(Encoding::Gzip));
        assert_eq!(held(brotli_tag.trim_matches('"')), None, "unquoted");
        assert_eq!(
            held(&format!("w/{brotli_tag}")),
            None,
            "W/ is case-sensitive"
        );
        assert_eq!(held(&format!("W/W/{brotli_tag}")), None, "W/ once");
        assert_eq!(held(""), None);
    }

    /// Before brotli is made a visitor gets gzip, unless gzip is refused;
    /// tiny bodies are never compressed.
    #[test]
    fn nobody_waits_for_brotli() {
        let fresh = Page::new("<p>Grief has no timeline.</p>\n".repeat(100));
        let browser = Accepted::parse(std::iter::once("gzip, deflate, br"));
        assert_eq!(browser.encoding_for(&fresh), Encoding::Gzip);
        let brotli_only = Accepted::parse(std::iter::once("br"));
        assert_eq!(brotli_only.encoding_for(&fresh), Encoding::Brotli);
        let tiny = Page::new("<p>ok</p>".to_owned());
        assert_eq!(browser.encoding_for(&tiny), Encoding::Identity);
    }

    /// Each compressed form decodes to the page, and each encoding has its own ETag.
    #[test]
    fn compressed_forms_decode_to_the_page() {
        let html = "<p>Grief has no timeline.</p>\n".repeat(100);
        let page = Page::new(html.clone());
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&page.body(Encoding::Gzip)[..])
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, html);
        let mut unbrotlied = String::new();
        brotli::Decompressor::new(&page.body(Encoding::Brotli)[..], 4096)
            .read_to_string(&mut unbrotlied)
            .unwrap();
        assert_eq!(unbrotlied, html);
        assert!(page.body(Encoding::Brotli).len() < html.len() / 10);
        let tags: std::collections::HashSet<_> = [
            page.etag(Encoding::Brotli),
            page.etag(Encoding::Gzip),
            page.etag(Encoding::Identity),
        ]
        .into_iter()
        .collect();
        assert_eq!(tags.len(), 3);
    }

    /// A reload keeps the compressed forms of pages that did not change, and
    /// only of those.
    #[test]
    fn unchanged_pages_keep_their_compressed_forms() {
        let old = Page::new("<p>same</p>".repeat(100));
        old.body(Encoding::Brotli);
        let mut same = Page::new("<p>same</p>".repeat(100));
        same.adopt(&old);
        assert!(same.is_ready(Encoding::Brotli));
        let mut changed = Page::new("<p>new</p>".repeat(100));
        changed.adopt(&old);
        assert!(!changed.is_ready(Encoding::Brotli));
    }
}
