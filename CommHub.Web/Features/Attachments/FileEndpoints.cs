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
        return endpoints;
    }

    private static async Task<IResult> ServeAsync(int id, FileVariant variant, HttpContext context, AttachmentService attachments, CancellationToken ct)
    {
        var user = context.User;
        var userId = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
        var isStaff = user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Agent);
        var file = await attachments.OpenAsync(id, variant, userId, isStaff, ct);
        if (file is null) return TypedResults.NotFound();

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
