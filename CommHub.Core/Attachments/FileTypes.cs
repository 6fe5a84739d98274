using System.Text;

namespace CommHub.Core.Attachments;

/// <summary>What a file's bytes say it is.</summary>
/// <param name="IsRasterImage">Decoded by the media pipeline (thumbnail, compressed copy).</param>
/// <param name="InlineSafe">May be shown in the browser; everything else is served as a download only.</param>
/// <param name="Extensions">The names a file of this type may have, the usual one first; empty for types any name may carry.</param>
public sealed record FileType(string ContentType, string Description, bool IsRasterImage, bool InlineSafe, IReadOnlyList<string> Extensions)
{
    /// <summary>Whether a file of this type may be called <paramref name="fileName"/>.</summary>
    public bool Allows(string fileName) => Extensions.Count == 0 || Extensions.Contains(Path.GetExtension(fileName), StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Decides a file's type from its first bytes (magic numbers), never from its name or a declared type.
/// The name must be one the type allows: "photo.jpg" whose bytes are a program, or "scan.pdf" that is a PNG, is refused.
/// </summary>
public static class FileTypes
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeadLength = 4096;

    public static readonly FileType Jpeg = new("image/jpeg", "a JPEG image", true, true, [".jpg", ".jpeg", ".jfif", ".jpe"]);
    public static readonly FileType Png = new("image/png", "a PNG image", true, true, [".png"]);
    public static readonly FileType Gif = new("image/gif", "a GIF image", true, true, [".gif"]);
    public static readonly FileType Webp = new("image/webp", "a WebP image", true, true, [".webp"]);
    public static readonly FileType Svg = new("image/svg+xml", "an SVG drawing", false, false, [".svg"]);
    // Not inline: a PDF can carry scripts and forms, and Chromium will not show its viewer in a sandboxed document, so it is
    // only ever a download (opened outside the app's origin).
    public static readonly FileType Pdf = new("application/pdf", "a PDF document", false, false, [".pdf"]);
    public static readonly FileType Zip = new("application/zip", "a ZIP archive", false, false, [".zip"]);
    public static readonly FileType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a Word document", false, false, [".docx"]);
    public static readonly FileType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "an Excel workbook", false, false, [".xlsx"]);
    public static readonly FileType Mp4 = new("video/mp4", "an MP4 video", false, true, [".mp4", ".m4v", ".mov", ".3gp"]);
    // ISO media files are told apart by their brand (the ftyp box), not all called MP4 video.
    public static readonly FileType QuickTime = new("video/quicktime", "a QuickTime video", false, true, [".mov", ".qt"]);
    public static readonly FileType M4a = new("audio/mp4", "an MPEG-4 recording", false, true, [".m4a", ".m4b"]);
    // Kept as files, not decoded by the media pipeline (no thumbnail): the image library here is not relied on to read HEIF.
    public static readonly FileType Heic = new("image/heic", "a HEIC photo (kept as a file, without a preview)", false, false, [".heic", ".heif"]);
    public static readonly FileType Avif = new("image/avif", "an AVIF image (kept as a file, without a preview)", false, false, [".avif"]);
    public static readonly FileType Mp3 = new("audio/mpeg", "an MP3 recording", false, true, [".mp3"]);
    public static readonly FileType Ogg = new("audio/ogg", "an Ogg recording", false, true, [".ogg", ".oga", ".opus"]);
    public static readonly FileType Html = new("text/html", "an HTML page", false, false, [".html", ".htm"]);
    public static readonly FileType Text = new("text/plain", "a text file", false, true,
        [".txt", ".csv", ".tsv", ".log", ".md", ".json", ".xml", ".yaml", ".yml", ".ini", ".cfg", ".conf", ".ics", ".vcf", ".eml", ".rtf"]);
    public static readonly FileType Executable = new("application/x-executable", "a program", false, false, []);
    /// <summary>Any name that does not claim a known type (only if an administrator accepts such files at all).</summary>
    public static readonly FileType Unknown = new("application/octet-stream", "a file of unknown type", false, false, []);

    private static readonly FileType[] Known = [Jpeg, Png, Gif, Webp, Svg, Pdf, Zip, Docx, Xlsx, QuickTime, Mp4, M4a, Heic, Avif, Mp3, Ogg, Html, Text];

    private static readonly Dictionary<string, FileType> ByExtension = Extensions();

    private static Dictionary<string, FileType> Extensions()
    {
        // An extension two types allow (".mov": QuickTime, and MP4 that some tools write under that name) claims the first.
        var byExtension = Known.SelectMany(t => t.Extensions, (type, extension) => (type, extension))
            .GroupBy(e => e.extension, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().type, StringComparer.OrdinalIgnoreCase);
        // What Windows, macOS or an office suite would run, or open with macros: refused whatever the content looks like
        // (a script is plain text to the byte check, and a macro document is a ZIP like any other).
        string[] runnable =
        [
            ".exe", ".dll", ".so", ".sh", ".bat", ".com", ".scr", ".pif", ".msi", ".msp", ".cpl", ".cmd", ".ps1", ".psm1", ".vbs",
            ".vbe", ".js", ".jse", ".mjs", ".wsf", ".wsh", ".hta", ".jar", ".lnk", ".reg", ".inf", ".scf", ".app", ".command",
            ".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppam", ".sldm",
        ];
        foreach (var extension in runnable) byExtension[extension] = Executable;
        return byExtension;
    }

    // Magic numbers as bytes: a u8 literal with \xFF would be the UTF-8 encoding of U+00FF, not the byte.
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] ElfMagic = [0x7F, 0x45, 0x4C, 0x46];
    private static readonly byte[] MachOMagic = [0xCF, 0xFA, 0xED, 0xFE];
    private static readonly byte[] FatMachOMagic = [0xCA, 0xFE, 0xBA, 0xBE];

    public static FileType Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(JpegMagic)) return Jpeg;
        if (head.StartsWith(PngMagic)) return Png;
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return Gif;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return Webp;
        if (head.StartsWith("%PDF-"u8)) return Pdf;
        if (head.StartsWith(ZipMagic)) return OfficeOrZip(head);
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8)) return IsoMedia(head);
        if (head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)) return Mp3;
        if (head.StartsWith("OggS"u8)) return Ogg;
        if (head.StartsWith("MZ"u8) || head.StartsWith(ElfMagic) || head.StartsWith("#!"u8)
            || head.StartsWith(MachOMagic) || head.StartsWith(FatMachOMagic)) return Executable;
        return TextKind(head);
    }

    /// <summary>The known type with this content type, or <see cref="Unknown"/> (which is neither shown inline nor processed).</summary>
    public static FileType FromContentType(string contentType) =>
        Known.FirstOrDefault(t => t.ContentType == contentType) ?? (contentType == Executable.ContentType ? Executable : Unknown);

    /// <summary>The type the file's name claims, or null when the extension says nothing we know.</summary>
    public static FileType? Claimed(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var type) ? type : null;

    /// <summary>An ISO media file by its brands: the major brand, then the compatible ones listed in the ftyp box.</summary>
    private static FileType IsoMedia(ReadOnlySpan<byte> head)
    {
        var boxSize = (int)Math.Min((uint)(head[0] << 24 | head[1] << 16 | head[2] << 8 | head[3]), (uint)head.Length);
        var brands = new List<string> { Encoding.ASCII.GetString(head[8..12]) };
        for (var at = 16; at + 4 <= boxSize; at += 4) brands.Add(Encoding.ASCII.GetString(head[at..(at + 4)]));
        foreach (var brand in brands)
        {
            switch (brand)
            {
                case "heic" or "heix" or "heim" or "heis" or "hevc" or "hevx" or "mif1" or "msf1": return brand is "mif1" or "msf1" && brands.Contains("avif") ? Avif : Heic;
                case "avif" or "avis": return Avif;
                case "qt  ": return QuickTime;
                case "M4A " or "M4B ": return M4a;
                case "isom" or "iso2" or "mp41" or "mp42" or "avc1" or "M4V " or "3gp4" or "3gp5" or "3g2a" or "dash": return Mp4;
            }
        }
        return Mp4;
    }

    // Office Open XML files are ZIPs whose first entry is usually [Content_Types].xml; the folder names
    // of the parts tell Word from Excel.
    private static FileType OfficeOrZip(ReadOnlySpan<byte> head)
    {
        if (head.IndexOf("word/"u8) >= 0) return Docx;
        if (head.IndexOf("xl/"u8) >= 0) return Xlsx;
        return Zip;
    }

    private static FileType TextKind(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0 || head.IndexOf((byte)0) >= 0) return Unknown;
        string text;
        try
        {
            // A multi-byte character cut at the end of the head is not a reason to call it binary.
            text = new UTF8Encoding(false, true).GetString(head[..TrimPartialUtf8(head)]);
        }
        catch (DecoderFallbackException)
        {
            return Unknown;
        }
        var start = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (start.StartsWith("<svg", StringComparison.OrdinalIgnoreCase)
            || (start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && text.Contains("<svg", StringComparison.OrdinalIgnoreCase)))
            return Svg;
        if (start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || text.Contains("<script", StringComparison.OrdinalIgnoreCase))
            return Html;
        return Text;
    }

    private static int TrimPartialUtf8(ReadOnlySpan<byte> head)
    {
        if (head.Length < HeadLength) return head.Length;
        var end = head.Length;
        // Step back over continuation bytes (10xxxxxx) and the lead byte that starts them.
        for (var i = 0; i < 4 && end > 0 && (head[end - 1] & 0xC0) == 0x80; i++) end--;
        if (end > 0 && (head[end - 1] & 0xC0) == 0xC0) end--;
        return end;
    }
}
