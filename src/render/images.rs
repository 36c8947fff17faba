//! Photos in sizes for every screen. A therapist's portrait or an article's
//! picture is often a several-megabyte photo straight from a phone; a
//! visitor on a phone at night should download a few kilobytes instead.
//! Each photo is resized once into WebP variants, kept on disk under the
//! data folder by its content's hash (so a restart or a preview rebuild does
//! not redo the work), and served from memory under those hashed names with
//! a year of caching. Its width and height go into the markup, so nothing
//! shifts while the page loads.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use axum::body::Bytes;
use image::{DynamicImage, ImageDecoder, ImageReader};

use super::Page;

/// Widths made of each photo, in pixels: the smallest suits a portrait on a
/// phone's high-density screen, the largest an article's picture on a desktop.
pub const WIDTHS: [u32; 3] = [320, 640, 1280];
/// libwebp's quality scale: 80 looks like the original photo at a small
/// fraction of its size.
const WEBP_QUALITY: f32 = 80.0;

/// What the markup needs to offer a photo's variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// The photo's own dimensions, upright, for `width` and `height`.
    pub width: u32,
    pub height: u32,
    /// `/static/_img/HASH-320.webp 320w, ...`, widest last.
    pub srcset: String,
}

/// Makes the variants of the photo at `src` (a `/static/...` address), or
/// reads them from `cache`, and adds them to `files` by address. `None`
/// for what is not a photo (an SVG, say) or cannot be decoded: the page
/// then shows the file as it is.
pub fn prepare(
    static_dir: &Path,
    src: &str,
    cache: Option<&Path>,
    files: &mut HashMap<String, Page>,
) -> Option<Picture> {
    let relative = crate::urls::static_relative(src)?;
    let extension = Path::new(relative)
        .extension()?
        .to_str()?
        .to_ascii_lowercase();
    if !matches!(extension.as_str(), "jpg" | "jpeg" | "png" | "webp") {
        return None;
    }
    let bytes = std::fs::read(static_dir.join(relative)).ok()?;
    let hash = crate::digest::short_sha256(&bytes, 8);
    let (width, height, orientation) = match header(&bytes) {
        Ok(header) => header,
        Err(error) => {
            tracing::warn!(%error, "{src}: not resized; it could not be read as an image");
            return None;
        }
    };
    let mut widths: Vec<u32> = WIDTHS.into_iter().filter(|&w| w < width).collect();
    if widths.len() < WIDTHS.len() {
        widths.push(width);
    }

    let mut decoded: Option<DynamicImage> = None;
    let mut srcset = Vec::new();
    for variant_width in widths {
        let name = format!("{hash}-{variant_width}.webp");
        let cached = cache.map(|folder| folder.join(&name));
        let variant = match cached.as_deref().and_then(|path| std::fs::read(path).ok()) {
            Some(variant) => variant,
            None => {
                if decoded.is_none() {
                    decoded = match decode(&bytes, orientation) {
                        Ok(image) => Some(image),
                        Err(error) => {
                            tracing::warn!(%error, "{src}: not resized; it could not be decoded");
                            return None;
                        }
                    };
                }
                let variant = encode(decoded.as_ref()?, variant_width, width, height);
                if let Some(path) = &cached {
                    store(path, &variant);
                }
                variant
            }
        };
        let url = crate::urls::photo_variant(&name);
        srcset.push(format!("{url} {variant_width}w"));
        files.insert(url, Page::of_type("image/webp", Bytes::from(variant)));
    }
    Some(Picture {
        width,
        height,
        srcset: srcset.join(", "),
    })
}

/// Sizes for body images: the article column, or the whole width of a phone.
pub const BODY_SIZES: &str = "(min-width: 48rem) 46rem, 100vw";

/// Rewrites the `<img>` tags of rendered markdown whose photo has variants:
/// each is wrapped in a `<picture>` offering them, and gets its width and
/// height (so the text below does not jump when it loads) and lazy loading.
pub fn with_pictures<'a>(html: &str, picture: impl Fn(&str) -> Option<&'a Picture>) -> String {
    const TAG: &str = "<img src=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(TAG) {
        let (before, tag_and_after) = rest.split_at(at);
        out.push_str(before);
        let src_end = tag_and_after[TAG.len()..]
            .find('"')
            .map(|end| TAG.len() + end);
        let tag_end = tag_and_after.find('>');
        let (Some(src_end), Some(tag_end)) = (src_end, tag_end) else {
            out.push_str(tag_and_after);
            return out;
        };
        let tag = &tag_and_after[..=tag_end];
        match picture(&tag_and_after[TAG.len()..src_end]) {
            Some(found) => {
                let open = tag.trim_end_matches('>').trim_end_matches('/').trim_end();
                out.push_str(&format!(
                    "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{BODY_SIZES}\">{open} width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\"></picture>",
                    found.srcset, found.width, found.height
                ));
            }
            None => out.push_str(tag),
        }
        rest = &tag_and_after[tag_end + 1..];
    }
    out.push_str(rest);
    out
}

/// The upright dimensions and the orientation, from the header alone.
fn header(bytes: &[u8]) -> image::ImageResult<(u32, u32, image::metadata::Orientation)> {
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()?
        .into_decoder()?;
    let orientation = decoder.orientation()?;
    let (width, height) = decoder.dimensions();
    // Phones store photos sideways with a note to turn them.
    let turned = matches!(
        orientation,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    Ok(if turned {
        (height, width, orientation)
    } else {
        (width, height, orientation)
    })
}

fn decode(
    bytes: &[u8],
    orientation: image::metadata::Orientation,
) -> image::ImageResult<DynamicImage> {
    let mut image = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()?
        .decode()?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// One variant, `width` pixels wide, as lossy WebP.
fn encode(image: &DynamicImage, width: u32, full_width: u32, full_height: u32) -> Vec<u8> {
    let height = (u64::from(full_height) * u64::from(width) / u64::from(full_width)).max(1) as u32;
    let resized = if width == full_width {
        image.clone()
    } else {
        image.resize_exact(width, height, image::imageops::FilterType::Lanczos3)
    };
    let encoded = if resized.color().has_alpha() {
        let pixels = resized.to_rgba8();
        webp::Encoder::from_rgba(&pixels, width, height).encode(WEBP_QUALITY)
    } else {
        let pixels = resized.to_rgb8();
        webp::Encoder::from_rgb(&pixels, width, height).encode(WEBP_QUALITY)
    };
    encoded.to_vec()
}

/// Writes a variant to the cache; a failure only costs the work next time.
fn store(path: &Path, variant: &[u8]) {
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            // Whole or not at all: a crash mid-write must not leave half a photo.
            let partial = path.with_extension("partial");
            std::fs::write(&partial, variant).and_then(|()| std::fs::rename(&partial, path))
        });
    if let Err(error) = written {
        tracing::warn!(%error, "could not keep a resized photo in {}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Encoding;

    fn photo(dir: &Path, name: &str, width: u32, height: u32) {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        });
        image.save(dir.join(name)).unwrap();
    }

    /// A large photo gets every width, each a real WebP of that width; a
    /// second preparation reads them from the cache instead of encoding.
    #[test]
    fn photos_get_webp_variants_cached_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        photo(dir.path(), "maya.png", 2000, 1500);
        let mut files = HashMap::new();
        let picture = prepare(dir.path(), "/static/maya.png", Some(&cache), &mut files).unwrap();
        assert_eq!((picture.width, picture.height), (2000, 1500));
        assert_eq!(files.len(), 3);
        for width in WIDTHS {
            let (url, _) = files
                .iter()
                .find(|(url, _)| url.ends_with(&format!("-{width}.webp")))
                .unwrap();
            assert!(picture.srcset.contains(&format!("{url} {width}w")));
            let variant = image::load_from_memory(&files[url].body(Encoding::Identity)).unwrap();
            assert_eq!(variant.width(), width);
            assert_eq!(variant.height(), width * 3 / 4);
        }
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 3);

        // The cache answers now: spoil one variant and see it come back as stored.
        let spoiled = std::fs::read_dir(&cache)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        std::fs::write(&spoiled, b"from the cache").unwrap();
        let mut again = HashMap::new();
        assert_eq!(
            prepare(dir.path(), "/static/maya.png", Some(&cache), &mut again),
            Some(picture)
        );
        assert!(
            again
                .values()
                .any(|page| &page.body(Encoding::Identity)[..] == b"from the cache")
        );
    }

    /// Body images with variants get a `<picture>`, their size and lazy
    /// loading; others are left as they were.
    #[test]
    fn body_images_are_rewritten() {
        let known = Picture {
            width: 1600,
            height: 900,
            srcset: "/static/_img/ab-320.webp 320w".into(),
        };
        let html = "<p>A</p>\n<p><img src=\"/static/img/room.jpg\" alt=\"Our room\" /> and <img src=\"/static/img/plan.svg\" alt=\"Plan\" /></p>\n";
        let rewritten = with_pictures(html, |src| {
            (src == "/static/img/room.jpg").then_some(&known)
        });
        assert_eq!(
            rewritten,
            format!(
                "<p>A</p>\n<p><picture><source type=\"image/webp\" srcset=\"/static/_img/ab-320.webp 320w\" sizes=\"{BODY_SIZES}\"><img src=\"/static/img/room.jpg\" alt=\"Our room\" width=\"1600\" height=\"900\" loading=\"lazy\" decoding=\"async\"></picture> and <img src=\"/static/img/plan.svg\" alt=\"Plan\" /></p>\n"
            )
        );
        assert_eq!(
            with_pictures("<p>no images</p>", |_| None),
            "<p>no images</p>"
        );
        assert_eq!(
            with_pictures("<p><img src=\"/x", |_| None),
            "<p><img src=\"/x"
        );
    }

    /// A photo narrower than the widths is offered at its own width only,
    /// and what is not a photo is left alone.
    #[test]
    fn small_photos_and_drawings() {
        let dir = tempfile::tempdir().unwrap();
        photo(dir.path(), "small.jpg", 200, 100);
        std::fs::write(dir.path().join("logo.svg"), "<svg/>").unwrap();
        std::fs::write(dir.path().join("broken.jpg"), "not a photo").unwrap();
        let mut files = HashMap::new();
        let picture = prepare(dir.path(), "/static/small.jpg", None, &mut files).unwrap();
        assert_eq!(picture.srcset.matches("w,").count(), 0, "one variant");
        assert!(picture.srcset.ends_with(" 200w"));
        assert_eq!(
            prepare(dir.path(), "/static/logo.svg", None, &mut files),
            None
        );
        assert_eq!(
            prepare(dir.path(), "/static/broken.jpg", None, &mut files),
            None
        );
    }
}
