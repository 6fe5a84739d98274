using System.Globalization;
using System.Security.Cryptography;
using CommHub.Core.Attachments;
using CommHub.Core.Conversations;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CommHub.Web.Features.Attachments;

/// <summary>
/// Signed, short-lived links to an email's inline (cid:) images. The mail is shown in a sandboxed frame with an opaque
/// origin, which sends no cookie, so the file endpoint cannot see who asks: the link itself says that the app showed this
/// attachment's mail to someone allowed to read it. Each token is bound to one attachment id and expires after
/// <see cref="AttachmentOptions.InlineImageLinkLifetime"/>; a link is only made for the mail's own files.
/// </summary>
public sealed class InlineImageLinks(IDataProtectionProvider dataProtection, IOptions<AttachmentOptions> options, TimeProvider clock, IMailHtml mailHtml)
{
    public const string Purpose = "CommHub.Files.InlineImage";

    private readonly ITimeLimitedDataProtector protector = dataProtection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    /// <summary>
    /// The mail's HTML with each cid: image pointing at a signed link to the file of <paramref name="files"/> (the message's
    /// own attachments) with that Content-ID. Relative to the app's base, which the srcdoc frame resolves against.
    /// </summary>
    public string Inline(string sanitizedHtml, IReadOnlyList<AttachmentView> files)
    {
        var expires = clock.GetUtcNow() + options.Value.InlineImageLinkLifetime;
        return mailHtml.WithInlineImages(sanitizedHtml, contentId =>
            files.FirstOrDefault(f => f.IsImage && string.Equals(f.ContentId, contentId, StringComparison.OrdinalIgnoreCase)) is { } file
                ? $"files/{file.Id.ToString(CultureInfo.InvariantCulture)}/inline?token={Uri.EscapeDataString(Token(file.Id, expires))}"
                : null);
    }

    public string Token(int attachmentId, DateTimeOffset expires) => protector.Protect(attachmentId.ToString(CultureInfo.InvariantCulture), expires);

    /// <summary>Whether <paramref name="token"/> was made for this attachment and has not expired (nor been altered).</summary>
    public bool IsValid(int attachmentId, string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        try
        {
            return protector.Unprotect(token, out _) == attachmentId.ToString(CultureInfo.InvariantCulture);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
