using System.Security.Claims;
using CommHub.Core.Contacts;
using CommHub.Web.Features.Account;

namespace CommHub.Web.Features.Contacts;

public static class ContactEndpoints
{
    /// <summary><c>GET /admin/contacts/{id}/export</c>: the contact's data as a ZIP, streamed as it is made (Admins).</summary>
    public static IEndpointRouteBuilder MapContactEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/contacts/{id:int}/export", async (int id, HttpContext context, ContactExport export, CancellationToken ct) =>
        {
            if (await export.NameAsync(id, ct) is null) return Results.Problem("That contact no longer exists.", statusCode: StatusCodes.Status404NotFound);
            context.Response.ContentType = "application/zip";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"contact-{id}.zip\"";
            await export.WriteAsync(id, context.Response.Body, context.User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
            return Results.Empty;
        }).RequireAuthorization(Policies.Admin);
        return endpoints;
    }
}
