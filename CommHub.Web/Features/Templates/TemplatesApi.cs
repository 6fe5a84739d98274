using System.Security.Claims;
using CommHub.Core.Templates;
using CommHub.Core.Users;
using CommHub.Web.Features.Api;

namespace CommHub.Web.Features.Templates;

/// <summary>
/// <c>/api/v1/templates</c>: the shared templates and the caller's own, as on the templates page; rendering one for a
/// conversation counts as a use, as inserting it in the composer does.
/// </summary>
public static class TemplatesApi
{
    public static RouteGroupBuilder MapTemplatesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/templates").WithTags("Templates");

        group.MapGet("/", async (ClaimsPrincipal user, TemplateService templates, CancellationToken ct) =>
            Results.Ok(await templates.ListAsync(user.UserId(), user.IsInRole(Roles.Admin), ct)))
            .RequireAuthorization(ApiPolicies.Read).WithSummary("List the shared templates and your own, most used first");

        group.MapGet("/{id:int}", async (int id, ClaimsPrincipal user, TemplateService templates, CancellationToken ct) =>
            (await templates.ListAsync(user.UserId(), user.IsInRole(Roles.Admin), ct)).SingleOrDefault(t => t.Id == id) is { } template
                ? Results.Ok(template) : ApiResults.NotFound(NoTemplate))
            .RequireAuthorization(ApiPolicies.Read).WithSummary("Get a template");

        group.MapPost("/", (TemplateRequest request, ClaimsPrincipal user, TemplateService templates, CancellationToken ct) =>
            SaveAsync(0, request, user, templates, ct))
            .RequireAuthorization(ApiPolicies.Write).WithSummary("Make a template (shared ones: admins only)");

        group.MapPut("/{id:int}", async (int id, TemplateRequest request, ClaimsPrincipal user, TemplateService templates, CancellationToken ct) =>
            (await templates.ListAsync(user.UserId(), user.IsInRole(Roles.Admin), ct)).Any(t => t.Id == id)
                ? await SaveAsync(id, request, user, templates, ct) : ApiResults.NotFound(NoTemplate))
            .RequireAuthorization(ApiPolicies.Write).WithSummary("Change a template");

        group.MapDelete("/{id:int}", async (int id, ClaimsPrincipal user, TemplateService templates, CancellationToken ct) =>
        {
            if (!(await templates.ListAsync(user.UserId(), user.IsInRole(Roles.Admin), ct)).Any(t => t.Id == id)) return ApiResults.NotFound(NoTemplate);
            var result = await templates.DeleteAsync(user.UserId(), user.IsInRole(Roles.Admin), id, ct);
            return result.Succeeded ? Results.NoContent() : Forbidden(result.ErrorText);
        }).RequireAuthorization(ApiPolicies.Write).WithSummary("Delete a template");

        group.MapPost("/{id:int}/render", async (int id, RenderRequest request, ClaimsPrincipal user, TemplateService templates, CancellationToken ct) =>
        {
            var rendered = await templates.RenderForConversationAsync(id, request.ConversationId, user.UserId(), ct);
            return rendered.Succeeded ? Results.Ok(new { text = rendered.Value }) : ApiResults.Refused(rendered.Errors, "conversationId");
        }).RequireAuthorization(ApiPolicies.Write).WithSummary("Render a template for a conversation and record the use (as the composer does)");
        return api;
    }

    private static async Task<IResult> SaveAsync(int id, TemplateRequest request, ClaimsPrincipal user, TemplateService templates, CancellationToken ct)
    {
        var draft = new TemplateDraft(id, request.Name ?? "", request.Shortcut ?? "", request.Category, request.Body ?? "", request.Shared, request.ChannelIds ?? []);
        var saved = await templates.SaveAsync(user.UserId(), user.IsInRole(Roles.Admin), draft, ct);
        if (!saved.Succeeded)
            return saved.ErrorText.Contains("only", StringComparison.OrdinalIgnoreCase) && saved.ErrorText.Contains("admins", StringComparison.Ordinal)
                ? Forbidden(saved.ErrorText) : ApiResults.Refused(saved.Errors);
        var template = (await templates.ListAsync(user.UserId(), user.IsInRole(Roles.Admin), ct)).Single(t => t.Id == saved.Value);
        return id == 0 ? Results.Created($"/api/v1/templates/{saved.Value}", template) : Results.Ok(template);
    }

    private static IResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: detail);

    private const string NoTemplate = "There is no template with this id among the shared ones and yours.";
}

public sealed record TemplateRequest(string? Name, string? Shortcut, string? Category, string? Body, bool Shared = false, IReadOnlyList<int>? ChannelIds = null);

public sealed record RenderRequest(int ConversationId);
