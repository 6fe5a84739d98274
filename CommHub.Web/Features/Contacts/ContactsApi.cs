using CommHub.Core.Contacts;
using CommHub.Web.Features.Api;
using Microsoft.AspNetCore.Mvc;

namespace CommHub.Web.Features.Contacts;

/// <summary><c>/api/v1/contacts</c>: the contacts list and its search, one contact, and editing their details (staff).</summary>
public static class ContactsApi
{
    public static RouteGroupBuilder MapContactsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/contacts").WithTags("Contacts");

        group.MapGet("/", async ([FromQuery] string? q, [FromQuery] ContactSort? sort, [FromQuery] string? cursor, [FromQuery] int? limit,
            ContactDirectory directory, CancellationToken ct) =>
        {
            // The directory pages by number; the cursor carries the next page's number, opaque like the others.
            if (!ApiCursor.TryDecode(cursor, out var after)) return ApiResults.Invalid("cursor", ApiCursor.Invalid);
            var page = (int)(after?.Id ?? 0);
            var size = ApiResults.PageSize(limit, ContactDirectory.MaxPageSize);
            var result = await directory.ListAsync(q, sort ?? ContactSort.Name, page, size, ct);
            var next = (page + 1) * size < result.Total ? ApiCursor.Encode(DateTime.MinValue, page + 1) : null;
            return Results.Ok(new ApiPage<ContactListItem>(result.Items, next));
        }).RequireAuthorization(ApiPolicies.Read).WithSummary("List contacts, or search them with q (name, handle, e-mail, phone)");

        group.MapGet("/{id:int}", async (int id, ContactProfiles profiles, CancellationToken ct) =>
            await profiles.GetAsync(id, ct) is { } profile ? Results.Ok(profile) : ApiResults.NotFound(NoContact))
            .RequireAuthorization(ApiPolicies.Read).WithSummary("Get a contact with their identities, conversations and labels");

        group.MapPut("/{id:int}", async (int id, ContactEdit edit, ContactProfiles profiles, CancellationToken ct) =>
        {
            var result = await profiles.UpdateAsync(id, edit, ct);
            if (!result.Succeeded) return ApiResults.Refused(result);
            return Results.Ok(await profiles.GetAsync(id, ct));
        }).RequireAuthorization(ApiPolicies.Write).WithSummary("Change a contact's name, e-mail, phone and notes");
        return api;
    }

    private const string NoContact = "There is no contact with this id.";
}
