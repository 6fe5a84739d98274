using CommHub.Core.Attachments;
using CommHub.Core.Users;
using Microsoft.Net.Http.Headers;

namespace CommHub.Web.Features.Attachments;

public static class FileEndpoints
{
    /// <summary>
    /// Attachment downloads. Only the conversation's parties get a file; anyone else gets 404, exactly as
    /// for a file that does not exist. Nothing is sniffed, and what may not render inline never does.
    /// </summary>
    public static IEndpointRouteBuilder MapFileEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var files = endpoints.MapGroup("/files").RequireAuthorization();
        files.MapGet("/{id:int}", (int id, HttpContext context, AttachmentService attachments, CancellationToken ct) =>
            ServeAsync(id, FileVariant.Display, context, attachments, ct));
        files.MapGet("/{id:int}/original", (int id, HttpContext context, AttachmentService attachments, CancellationToken ct) =>
            ServeAsync(id, FileVariant.Original, context, attachments, ct));
        files.MapGet("/{id:int}/thumbnail", (int id, HttpContext context, AttachmentService attachments, CancellationToken ct) =>
            ServeAsync(id, FileVariant.Thumbnail, context, attachments, ct));
        // An email's inline (cid:) image, for its sandboxed frame, which sends no cookie: the signed link is the authorization,
        // made for someone the mail was shown to, bound to this attachment and short-lived (InlineImageLinks).
        endpoints.MapGet("/files/{id:int}/inline", async (int id, string? token, HttpContext context, InlineImageLinks links, AttachmentService attachments, CancellationToken ct) =>
            links.IsValid(id, token) && await attachments.OpenInlineImageAsync(id, ct) is { } file ? Serve(file, context) : TypedResults.NotFound())
            .AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> ServeAsync(int id, FileVariant variant, HttpContext context, AttachmentService attachments, CancellationToken ct)
    {
        var user = context.User;
        var userId = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
        var isStaff = user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Agent);
        var file = await attachments.OpenAsync(id, variant, userId, isStaff, ct);
        return file is null ? TypedResults.NotFound() : Serve(file, context);
    }

    private static IResult Serve(FileDownload file, HttpContext context)
    {
        var download = !file.Inline || context.Request.Query.ContainsKey("download");
        var disposition = new ContentDispositionHeaderValue(download ? "attachment" : "inline");
        // RFC 6266: filename= for old clients, filename*=UTF-8'' for every character a name can hold.
        disposition.SetHttpFileName(file.FileName);
        var headers = context.Response.Headers;
        headers.ContentDisposition = disposition.ToString();
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, max-age=300";
        // Even if a browser were talked into rendering it, nothing in the file may run or reach the app (PDFs included:
        // they are downloads only, see FileTypes.Pdf).
        headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'";
        return TypedResults.Stream(file.Content, file.ContentType, enableRangeProcessing: true);
    }
}
