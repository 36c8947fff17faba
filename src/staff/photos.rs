//! Photos an editor adds in the browser: the bytes of an upload checked,
//! cleaned and written under `static/`, where the site's pages take them
//! from (and [`crate::render::images`] makes its smaller copies).
//!
//! Why this exists, and why it does more than copy a file:
//! - The type is read from the bytes, never from the name: a PDF named
//!   `.jpg` or an iPhone's HEIC is refused with what to do instead, in
//!   words an editor can follow.
//! - A photo is decoded with limits (its width, height and the memory the
//!   decoder may take) before anything is kept, so a small file that
//!   claims to be 100,000 pixels square is refused, not an out-of-memory.
//! - Phones write where a photo was taken (GPS) and which phone took it
//!   into its EXIF block. A therapist's portrait taken at home must not
//!   publish their address: the photo is turned upright as EXIF says, then
//!   encoded anew from its pixels, so no metadata of the upload survives.
//! - The stored name is the uploaded name made an ASCII slug plus a short
//!   hash of the stored bytes, in the folder the editors' guide names for
//!   the kind of file; nothing of a path the browser sent is used.
//!
//! The domain knows nothing of HTTP: [`crate::web`] reads the post and
//! hands the bytes here.

use std::io::{self, Cursor};
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The largest photo taken, in bytes. A phone's photo is 3–8 MB, a
/// camera's JPEG up to about 12; past 15 MB it is most likely a raw file or
/// a scan that visitors should not download anyway.
pub const MAX_PHOTO_BYTES: usize = 15 * 1024 * 1024;
/// The longest side taken, in pixels: past any phone's photo (a 200
/// megapixel mode still writes 16,320 pixels, which [`MAX_PIXELS`] refuses).
const MAX_SIDE: u32 = 12_000;
/// The most pixels taken: a 50 megapixel photo, which decodes to 150 MB of
/// colour (200 MB with transparency). More would make every upload a risk
/// to a small server's memory, and no page shows that many.
pub const MAX_PIXELS: u64 = 50_000_000;
/// What the decoder may allocate: the largest photo taken, as 16-bit
/// colour with transparency, and no more.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
/// A photo with a shorter side under this many pixels is kept, with a
/// warning: the widest copy the site makes is 1,280 pixels, and a portrait
/// shown on a high-density phone screen needs about 400 to look sharp.
pub const MIN_SHORT_SIDE: u32 = 400;
/// The JPEG quality the stored photo is written at: high enough that the
/// site's own smaller copies, made from it, look as they would from the
/// original.
const JPEG_QUALITY: u8 = 90;
/// The most characters of the uploaded name kept in the stored one.
const MAX_NAME_CHARS: usize = 60;
/// The ISO-BMFF brands of HEIF pictures (`heic`, `avif` and their kin).
const HEIF_BRANDS: [&[u8; 4]; 8] = [
    b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif",
];

/// Why a photo is refused, said to the editor beside the photo field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoProblem {
    /// An iPhone's HEIC (or another HEIF or AVIF picture): most browsers
    /// cannot show it, so the editor is told how to save it as JPEG.
    #[error("a HEIC or HEIF photo")]
    Heic,
    /// Anything else that is not a JPEG or a PNG (a GIF, a PDF, text).
    #[error("not a JPEG or PNG photo")]
    WrongType,
    /// More bytes than [`MAX_PHOTO_BYTES`].
    #[error("{bytes} bytes, over the limit")]
    TooLarge {
        /// The upload's size, for the log.
        bytes: usize,
    },
    /// More pixels than the site takes, as the photo's header says.
    #[error("{width}×{height} pixels, too many")]
    TooManyPixels {
        /// The width the header claims, for the message (0 if unread).
        width: u32,
        /// The height the header claims.
        height: u32,
    },
    /// A JPEG or PNG that does not decode: damaged, or cut short.
    #[error("the photo could not be decoded")]
    Damaged,
}

impl PhotoProblem {
    /// The catalog's message for this problem, with its arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, i64)>) {
        match self {
            PhotoProblem::Heic => ("staff-photo-heic", Vec::new()),
            PhotoProblem::WrongType => ("staff-photo-wrong-type", Vec::new()),
            PhotoProblem::TooLarge { .. } => size_limit_message("staff-photo-too-large"),
            PhotoProblem::TooManyPixels { width, height } => (
                "staff-photo-too-many-pixels",
                vec![
                    ("width", i64::from(*width)),
                    ("height", i64::from(*height)),
                    ("megapixels", (MAX_PIXELS / 1_000_000) as i64),
                ],
            ),
            PhotoProblem::Damaged => ("staff-photo-damaged", Vec::new()),
        }
    }
}

/// The catalog's message `id`, which says the photo limit in megabytes.
pub fn size_limit_message(id: &'static str) -> (&'static str, Vec<(&'static str, i64)>) {
    (
        id,
        vec![("megabytes", (MAX_PHOTO_BYTES / (1024 * 1024)) as i64)],
    )
}

/// The two kinds of photo taken, read from their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
}

impl Kind {
    /// The stored file's extension: the type's, whatever the upload was named.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpg",
            Kind::Png => "png",
        }
    }

    fn format(self) -> ImageFormat {
        match self {
            Kind::Jpeg => ImageFormat::Jpeg,
            Kind::Png => ImageFormat::Png,
        }
    }
}

/// What `bytes` are, from their first bytes alone: a JPEG, a PNG, or
/// refused with why.
pub fn sniff(bytes: &[u8]) -> Result<Kind, PhotoProblem> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(Kind::Jpeg)
    } else if bytes.starts_with(PNG) {
        Ok(Kind::Png)
    } else if is_heif(bytes) {
        Err(PhotoProblem::Heic)
    } else {
        Err(PhotoProblem::WrongType)
    }
}

/// An ISO-BMFF file whose first box is `ftyp` naming a HEIF brand, as its
/// major brand or among the compatible ones.
fn is_heif(bytes: &[u8]) -> bool {
    if bytes.get(4..8) != Some(b"ftyp".as_slice()) {
        return false;
    }
    let declared = bytes
        .get(..4)
        .and_then(|size| <[u8; 4]>::try_from(size).ok())
        .map_or(0, |size| u32::from_be_bytes(size) as usize);
    // The box's brands: the major one at 8, then the compatible ones
    // from 16 to the box's end (or the bytes' end, if it claims more).
    let end = declared.clamp(12, bytes.len().max(12)).min(bytes.len());
    let major = bytes.get(8..12).into_iter();
    let compatible = bytes.get(16..end).unwrap_or_default().chunks_exact(4);
    major
        .chain(compatible)
        .any(|brand| HEIF_BRANDS.iter().any(|heif| brand == heif.as_slice()))
}

/// A photo ready to store: upright, re-encoded without any metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The stored file's bytes.
    pub bytes: Vec<u8>,
    /// Its type, the upload's: it names the stored file's extension.
    pub kind: Kind,
    /// Its width upright, for the too-small warning.
    pub width: u32,
    /// Its height upright.
    pub height: u32,
}

impl Cleaned {
    /// Whether the photo is smaller than a page shows sharply.
    pub fn is_small(&self) -> bool {
        self.width.min(self.height) < MIN_SHORT_SIDE
    }
}

/// Checks an uploaded photo and makes the file to store: sniffed,
/// decoded within limits, turned upright, encoded anew (JPEG as JPEG at
/// high quality, PNG as PNG), so none of the upload's metadata is kept.
pub fn clean(bytes: &[u8]) -> Result<Cleaned, PhotoProblem> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(PhotoProblem::TooLarge { bytes: bytes.len() });
    }
    let kind = sniff(bytes)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.format());
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|error| refusal(kind, bytes, error))?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoProblem::TooManyPixels { width, height });
    }
    // A photo whose orientation cannot be read is shown as it was stored.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image =
        DynamicImage::from_decoder(decoder).map_err(|error| refusal(kind, bytes, error))?;
    image.apply_orientation(orientation);
    let mut out = Vec::new();
    let written = match kind {
        Kind::Jpeg => image.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut out,
            JPEG_QUALITY,
        )),
        Kind::Png => image.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)),
    };
    // Writing to memory fails only for colour types the encoder lacks,
    // which decoded JPEGs and PNGs do not have; refused all the same.
    written.map_err(|_| PhotoProblem::Damaged)?;
    Ok(Cleaned {
        bytes: out,
        kind,
        width: image.width(),
        height: image.height(),
    })
}

/// A decoder's refusal as the editor hears it: too big, or damaged.
fn refusal(kind: Kind, bytes: &[u8], error: image::ImageError) -> PhotoProblem {
    match error {
        image::ImageError::Limits(_) => {
            let (width, height) = declared_size(kind, bytes).unwrap_or((0, 0));
            PhotoProblem::TooManyPixels { width, height }
        }
        _ => PhotoProblem::Damaged,
    }
}

/// The width and height a photo's header claims, for the message. Read
/// without limits: only the header is read, nothing is allocated for
/// the pixels.
fn declared_size(kind: Kind, bytes: &[u8]) -> Option<(u32, u32)> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.format());
    reader.no_limits();
    reader.into_dimensions().ok()
}

/// Where a file's photos go, and which of its fields can hold one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Destination {
    /// The folder under `static/`, as the editors' guide names it.
    pub folder: &'static str,
    /// The file's own photo field, when its kind has one and the file is
    /// not a translation (a translation takes its photo from the original).
    pub field: Option<PhotoField>,
}

/// A photo field of a kind of file and its description's field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoField {
    /// `photo` for a therapist, `image` for a post.
    pub photo: &'static str,
    /// `photo_alt`, `image_alt`.
    pub alt: &'static str,
    /// What the editor is offered: the catalog's words for this field.
    pub label: &'static str,
}

/// Where photos for the content file at `relative` (as `posts/a.md`) go.
pub fn destination(relative: &str) -> Destination {
    let (folder, name) = relative.split_once('/').unwrap_or(("", relative));
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let translation = stem
        .rsplit_once('.')
        .is_some_and(|(_, language)| crate::i18n::Language::parse(language).is_ok());
    let (folder, field) = match folder {
        "therapists" => (
            "img/therapists",
            PhotoField {
                photo: "photo",
                alt: "photo_alt",
                label: "staff-photo-place-therapist",
            },
        ),
        "posts" => (
            "img",
            PhotoField {
                photo: "image",
                alt: "image_alt",
                label: "staff-photo-place-post",
            },
        ),
        _ => {
            return Destination {
                folder: "img/uploads",
                field: None,
            };
        }
    };
    Destination {
        folder,
        field: (!translation).then_some(field),
    }
}

/// The stored file's name: the uploaded name's stem as an ASCII slug, a
/// short hash of the stored bytes, and the type's extension. Only the
/// last segment of what the browser sent is read (old browsers sent a
/// whole `C:\...` path), and nothing of it but letters and digits is kept.
pub fn stored_name(uploaded: &str, bytes: &[u8], kind: Kind) -> String {
    let last = uploaded.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
    let slug = crate::urls::slugify(stem).unwrap_or_else(|| "photo".to_owned());
    let short: String = slug.chars().take(MAX_NAME_CHARS).collect();
    let short = short.trim_end_matches('-');
    let hash = crate::digest::short_sha256(bytes, 4);
    format!("{short}-{hash}.{}", kind.extension())
}

/// A photo stored under `static/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The address content files name it by: `/static/img/therapists/x-1a2b3c4d.jpg`.
    pub address: String,
    /// Its place under the static folder, with `/`, for the audit log.
    pub relative: String,
    /// Where it was written, for whoever records the change (history).
    pub absolute: PathBuf,
    /// Whether it is smaller than a page shows sharply.
    pub small: bool,
    /// Its width upright, for the warning when it is small.
    pub width: u32,
    /// Its height upright.
    pub height: u32,
}

/// Why a photo was not stored.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The editor's photo is refused: say why beside the field.
    #[error("refused: {0}")]
    Refused(PhotoProblem),
    /// The disk failed, or a folder on the way leads out of `static/`.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Checks and cleans `bytes`, uploaded as `uploaded`, and writes them
/// atomically into `destination`'s folder under `static_dir`.
pub fn store(
    static_dir: &Path,
    destination: Destination,
    uploaded: &str,
    bytes: &[u8],
) -> Result<Stored, UploadError> {
    let cleaned = clean(bytes).map_err(UploadError::Refused)?;
    let name = stored_name(uploaded, &cleaned.bytes, cleaned.kind);
    let folder = static_dir.join(destination.folder);
    std::fs::create_dir_all(&folder)?;
    // A folder on the way that is a link could lead anywhere: the photo
    // is written only where its path says, under the real static folder.
    if folder.canonicalize()? != static_dir.canonicalize()?.join(destination.folder) {
        return Err(UploadError::Io(io::Error::other(format!(
            "{} leads out of the static folder",
            folder.display()
        ))));
    }
    let absolute = folder.join(&name);
    super::edit::write_atomically(&absolute, &cleaned.bytes)?;
    let relative = format!("{}/{name}", destination.folder);
    Ok(Stored {
        address: crate::urls::static_file(&relative),
        relative,
        absolute,
        small: cleaned.is_small(),
        width: cleaned.width,
        height: cleaned.height,
    })
}

/// The markdown line that shows `address` with `alt` in the text. The
/// alt text is one line, with the characters markdown would read as
/// formatting escaped, so it shows as it was typed.
pub fn markdown_image(alt: &str, address: &str) -> String {
    let mut escaped = String::with_capacity(alt.len());
    for character in one_line(alt).chars() {
        if matches!(
            character,
            '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>' | '&' | '!'
        ) {
            escaped.push('\\');
        }
        escaped.push(character);
    }
    format!("![{escaped}]({address})")
}

/// `body` with `line` added as a paragraph of its own at the end.
pub fn append_paragraph(body: &str, line: &str) -> String {
    let kept = body.trim_end_matches(['\n', ' ', '\t']);
    if kept.is_empty() {
        format!("{line}\n")
    } else {
        format!("{kept}\n\n{line}\n")
    }
}

/// `text` trimmed, with each run of white space and control characters
/// (line breaks among them) made one space.
fn one_line(text: &str) -> String {
    text.split(|character: char| character.is_whitespace() || character.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A photo of `width`×`height` pixels, encoded as `kind`.
    fn photo(kind: Kind, width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Cursor::new(Vec::new());
        DynamicImage::from(image)
            .write_to(&mut out, kind.format())
            .unwrap();
        out.into_inner()
    }

    /// A JPEG carrying an EXIF block: turned a quarter (orientation 6),
    /// taken at a place (a GPS latitude) by a named phone.
    fn phone_photo(width: u32, height: u32) -> Vec<u8> {
        // TIFF, little-endian: IFD0 at 8 with three entries, the GPS IFD after it.
        let mut tiff: Vec<u8> = b"II*\0\x08\0\0\0".to_vec();
        let entry = |tag: u16, kind: u16, count: u32, value: [u8; 4]| {
            let mut bytes = Vec::new();
            bytes.extend_from_slice(&tag.to_le_bytes());
            bytes.extend_from_slice(&kind.to_le_bytes());
            bytes.extend_from_slice(&count.to_le_bytes());
            bytes.extend_from_slice(&value);
            bytes
        };
        let gps_at: u32 = 8 + 2 + 3 * 12 + 4;
        tiff.extend_from_slice(&3u16.to_le_bytes());
        tiff.extend(entry(0x010F, 2, 4, *b"Pxl\0"));
        tiff.extend(entry(0x0112, 3, 1, [6, 0, 0, 0]));
        tiff.extend(entry(0x8825, 4, 1, gps_at.to_le_bytes()));
        tiff.extend_from_slice(&0u32.to_le_bytes());
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend(entry(0x0001, 2, 2, *b"N\0\0\0"));
        tiff.extend_from_slice(&0u32.to_le_bytes());
        let image = DynamicImage::from(image::RgbImage::from_pixel(
            width,
            height,
            image::Rgb([200, 120, 40]),
        ));
        let mut out = Vec::new();
        let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
        image::ImageEncoder::set_exif_metadata(&mut encoder, tiff).unwrap();
        image.write_with_encoder(encoder).unwrap();
        out
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack
            .windows(needle.len())
            .any(|window| window == needle)
    }

    /// A minimal HEIC's first box: `ftyp`, major brand `brand`.
    fn heif(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
        let size = 16 + 4 * compatible.len() as u32;
        let mut bytes = size.to_be_bytes().to_vec();
        bytes.extend_from_slice(b"ftyp");
        bytes.extend_from_slice(major);
        bytes.extend_from_slice(&0u32.to_be_bytes());
        for brand in compatible {
            bytes.extend_from_slice(*brand);
        }
        // The rest of a real file: boxes that are not read.
        bytes.extend_from_slice(b"\0\0\0\x08meta");
        bytes
    }

    /// A PNG's first chunks claiming `width`×`height` pixels, with a few
    /// bytes of picture data: a decompression bomb's header.
    fn png_claiming(width: u32, height: u32) -> Vec<u8> {
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = !0u32;
            for byte in bytes {
                crc ^= u32::from(*byte);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut header = width.to_be_bytes().to_vec();
        header.extend_from_slice(&height.to_be_bytes());
        header.extend_from_slice(&[8, 2, 0, 0, 0]);
        for (name, data) in [
            (b"IHDR", header),
            (b"IDAT", b"\x78\x9c\x01\x00\x00".to_vec()),
            (b"IEND", Vec::new()),
        ] {
            let mut chunk = name.to_vec();
            chunk.extend_from_slice(&data);
            png.extend_from_slice(&(data.len() as u32).to_be_bytes());
            png.extend_from_slice(&chunk);
            png.extend_from_slice(&crc32(&chunk).to_be_bytes());
        }
        png
    }

    /// A JPEG and a PNG are taken by their bytes, whatever the name says,
    /// and stored under their own type's extension.
    #[test]
    fn jpeg_and_png_are_taken_whatever_their_name() {
        let folder = tempfile::tempdir().unwrap();
        let to = destination("posts/2026-01-05-hello.md");
        for (kind, named, extension) in [
            (Kind::Jpeg, "IMG_2041.JPG", ".jpg"),
            (Kind::Jpeg, "portrait.png", ".jpg"),
            (Kind::Jpeg, "no name", ".jpg"),
            (Kind::Png, "drawing.png", ".png"),
            (Kind::Png, "drawing.jpeg", ".png"),
        ] {
            let bytes = photo(kind, 640, 480);
            assert_eq!(sniff(&bytes), Ok(kind));
            let stored = store(folder.path(), to, named, &bytes).unwrap();
            assert!(stored.relative.starts_with("img/"), "{stored:?}");
            assert!(stored.relative.ends_with(extension), "{stored:?}");
            assert_eq!(stored.address, format!("/static/{}", stored.relative));
            let written = std::fs::read(&stored.absolute).unwrap();
            assert_eq!(sniff(&written), Ok(kind));
            assert_eq!(image::load_from_memory(&written).unwrap().width(), 640);
            assert!(!stored.small);
        }
    }

    /// An iPhone's HEIC, or another HEIF brand, is refused with the HEIC
    /// problem (whose message says how to save it as JPEG); a video's
    /// `ftyp` is not a photo at all.
    #[test]
    fn heic_is_refused_with_how_to_save_it_as_jpeg() {
        for major in HEIF_BRANDS {
            assert_eq!(sniff(&heif(major, &[])), Err(PhotoProblem::Heic));
        }
        assert_eq!(
            sniff(&heif(b"mp42", &[b"isom", b"heic"])),
            Err(PhotoProblem::Heic)
        );
        assert_eq!(
            sniff(&heif(b"mp42", &[b"isom", b"avc1"])),
            Err(PhotoProblem::WrongType)
        );
        assert_eq!(clean(&heif(b"heic", &[b"mif1"])), Err(PhotoProblem::Heic));
        assert_eq!(PhotoProblem::Heic.message().0, "staff-photo-heic");
    }

    /// A GIF, a PDF, a WebP, text named `.jpg`, nothing at all, and a
    /// JPEG's or PNG's first bytes with nothing after them are refused.
    #[test]
    fn other_files_are_refused() {
        let folder = tempfile::tempdir().unwrap();
        let to = destination("pages/about.md");
        for (bytes, problem) in [
            (b"GIF89a\x01\0\x01\0".to_vec(), PhotoProblem::WrongType),
            (b"%PDF-1.7\n".to_vec(), PhotoProblem::WrongType),
            (b"RIFF\0\0\0\0WEBPVP8 ".to_vec(), PhotoProblem::WrongType),
            (b"Not a photo at all".to_vec(), PhotoProblem::WrongType),
            (Vec::new(), PhotoProblem::WrongType),
            (b"\xFF\xD8\xFF\xE0".to_vec(), PhotoProblem::Damaged),
            (b"\x89PNG\r\n\x1a\n".to_vec(), PhotoProblem::Damaged),
        ] {
            match store(folder.path(), to, "photo.jpg", &bytes) {
                Err(UploadError::Refused(refused)) => assert_eq!(refused, problem, "{bytes:?}"),
                other => panic!("{bytes:?}: {other:?}"),
            }
        }
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);
    }

    /// A PNG whose header claims 100,000 pixels square is refused from
    /// its header, before anything is allocated for its pixels; so is a
    /// file over the byte limit.
    #[test]
    fn a_huge_declared_size_is_refused_without_decoding() {
        assert_eq!(
            clean(&png_claiming(100_000, 100_000)),
            Err(PhotoProblem::TooManyPixels {
                width: 100_000,
                height: 100_000
            })
        );
        // Under the side limit, over the pixel limit.
        assert_eq!(
            clean(&png_claiming(10_000, 10_000)),
            Err(PhotoProblem::TooManyPixels {
                width: 10_000,
                height: 10_000
            })
        );
        let mut big = photo(Kind::Jpeg, 8, 8);
        big.resize(MAX_PHOTO_BYTES + 1, 0);
        assert_eq!(
            clean(&big),
            Err(PhotoProblem::TooLarge {
                bytes: MAX_PHOTO_BYTES + 1
            })
        );
    }

    /// A phone's JPEG with its location and phone in EXIF comes out
    /// turned upright as EXIF said, and with no EXIF at all.
    #[test]
    fn exif_location_is_removed_and_the_photo_turned_upright() {
        let upload = phone_photo(640, 480);
        assert!(contains(&upload, b"Exif\0\0") && contains(&upload, b"Pxl\0"));
        let cleaned = clean(&upload).unwrap();
        assert_eq!(
            (cleaned.width, cleaned.height),
            (480, 640),
            "turned upright"
        );
        assert!(!contains(&cleaned.bytes, b"Exif"), "no EXIF block");
        assert!(!contains(&cleaned.bytes, b"II*\0"), "no TIFF data");
        assert!(!contains(&cleaned.bytes, b"Pxl\0"), "no phone's name");
        let stored = image::load_from_memory(&cleaned.bytes).unwrap();
        assert_eq!((stored.width(), stored.height()), (480, 640));
    }

    /// A small photo is kept, marked small for the warning.
    #[test]
    fn a_small_photo_is_kept_with_a_warning() {
        let cleaned = clean(&photo(Kind::Png, 300, 800)).unwrap();
        assert!(cleaned.is_small());
        assert!(!clean(&photo(Kind::Png, 400, 800)).unwrap().is_small());
    }

    /// Names in any alphabet, with a path, or with nothing to slug give a
    /// safe name: ASCII letters, digits and dashes, a hash, the type's
    /// extension, and never a folder.
    #[test]
    fn uploaded_names_become_safe_slugs() {
        let bytes = b"the same bytes";
        let hash = crate::digest::short_sha256(bytes, 4);
        for (uploaded, stem) in [
            ("Maya Okafor.JPG", "maya-okafor"),
            ("Фото Ани.jpeg", "foto-ani"),
            ("写真.png", "xie-zhen"),
            ("../../etc/passwd", "passwd"),
            ("C:\\Users\\ana\\Desktop\\Me.jpg", "me"),
            ("..", "photo"),
            ("", "photo"),
            (".jpg", "photo"),
            ("🙂.jpg", "slight-smile"),
            ("\u{E000}.jpg", "photo"),
            ("nul", "nul"),
        ] {
            assert_eq!(
                stored_name(uploaded, bytes, Kind::Jpeg),
                format!("{stem}-{hash}.jpg"),
                "{uploaded:?}"
            );
        }
        let long = "a".repeat(500);
        assert_eq!(
            stored_name(&long, bytes, Kind::Png).len(),
            MAX_NAME_CHARS + 1 + 8 + 4
        );
    }

    /// Each kind of file has its folder, and a field where the kind has
    /// one and the file is not a translation.
    #[test]
    fn each_kind_has_its_folder_and_field() {
        let therapist = destination("therapists/maya-okafor.md");
        assert_eq!(therapist.folder, "img/therapists");
        assert_eq!(therapist.field.map(|field| field.photo), Some("photo"));
        let post = destination("posts/2026-01-05-hello.md");
        assert_eq!(post.folder, "img");
        assert_eq!(post.field.map(|field| field.alt), Some("image_alt"));
        assert_eq!(destination("therapists/maya-okafor.es.md").field, None);
        assert_eq!(destination("posts/2026-01-05-v1.2-notes.md").folder, "img");
        assert!(
            destination("posts/2026-01-05-v1.2-notes.md")
                .field
                .is_some()
        );
        assert_eq!(destination("pages/about.md").folder, "img/uploads");
        assert_eq!(destination("services/individual.md").field, None);
    }

    /// The alt text is one line in the markdown, its formatting characters
    /// escaped, and the photo a paragraph of its own.
    #[test]
    fn alt_text_is_written_as_typed() {
        assert_eq!(
            markdown_image("Two *armchairs* [by]\na window", "/static/img/a.jpg"),
            "![Two \\*armchairs\\* \\[by\\] a window](/static/img/a.jpg)"
        );
        assert_eq!(append_paragraph("Text.\n", "![a](b)"), "Text.\n\n![a](b)\n");
        assert_eq!(append_paragraph("", "![a](b)"), "![a](b)\n");
    }

    proptest::proptest! {
        /// No bytes at all make the check panic: random bytes, and random
        /// bytes after each accepted or refused type's first bytes.
        #[test]
        fn any_bytes_are_taken_or_refused_without_a_panic(
            start in proptest::sample::select(vec![
                Vec::new(),
                b"\xFF\xD8\xFF".to_vec(),
                b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec(),
                b"\0\0\0\x18ftypheic".to_vec(),
                b"\xFF\xFF\xFF\xFFftyp".to_vec(),
            ]),
            rest in proptest::collection::vec(proptest::num::u8::ANY, 0..512),
        ) {
            let bytes = [start, rest].concat();
            if let Ok(cleaned) = clean(&bytes) {
                proptest::prop_assert_eq!(sniff(&cleaned.bytes), Ok(cleaned.kind));
            }
        }

        /// Any uploaded name gives a file name of one segment, inside
        /// the folder, of safe characters only.
        #[test]
        fn any_name_stays_inside_the_folder(uploaded in "\\PC{0,80}|[a-z./\\\\ -]{0,30}") {
            let name = stored_name(&uploaded, b"x", Kind::Jpeg);
            let folder = Path::new("/srv/static/img");
            let path = folder.join(&name);
            proptest::prop_assert_eq!(path.parent(), Some(folder));
            proptest::prop_assert!(name.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-' || byte == b'.'));
            proptest::prop_assert!(!name.starts_with('.') && !name.starts_with('-'));
        }
    }
}
