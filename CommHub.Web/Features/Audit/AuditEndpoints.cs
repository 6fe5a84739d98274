using System.Globalization;
using System.Text;
using CommHub.Core.Audit;
using CommHub.Web.Features.Account;

namespace CommHub.Web.Features.Audit;

public static class AuditEndpoints
{
    /// <summary><c>GET /admin/audit.csv?user=&amp;action=&amp;from=&amp;to=</c> (ISO 8601 instants, to exclusive): the filtered trail, streamed.</summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/audit.csv", async (HttpContext context, AuditQuery audit, string? user, string? action, string? from, string? to, CancellationToken ct) =>
        {
            var filter = new AuditFilter(user, action, Instant(from), Instant(to));
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = "attachment; filename=\"commhub-audit.csv\"";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            await audit.WriteCsvAsync(filter, writer, ct);
        }).RequireAuthorization(Policies.Admin);
        return endpoints;
    }

    private static DateTime? Instant(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime : null;
}
