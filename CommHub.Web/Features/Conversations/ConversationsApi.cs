using System.Security.Claims;
using CommHub.Core.Attachments;
using CommHub.Core.Conversations;
using CommHub.Web.Features.Api;
using CommHub.Web.Features.Inbox;
using Microsoft.AspNetCore.Mvc;

namespace CommHub.Web.Features.Conversations;

/// <summary>
/// <c>/api/v1/conversations</c>: the inbox list with its filters, one conversation, its changes, and its messages. Each
/// endpoint is one call into the services the inbox page uses.
/// </summary>
public static class ConversationsApi
{
    public static RouteGroupBuilder MapConversationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/conversations").WithTags("Conversations");

        group.MapGet("/", async (
            [FromQuery] string? status, [FromQuery] string? channel, [FromQuery] string? assignee, [FromQuery] string? label,
            [FromQuery] string? project, [FromQuery] string? failed, [FromQuery] string? sort, [FromQuery] string? cursor, [FromQuery] int? limit,
            ClaimsPrincipal user, InboxQueryService inbox, CancellationToken ct) =>
        {
            if (!ApiCursor.TryDecode(cursor, out var after)) return ApiResults.Invalid("cursor", ApiCursor.Invalid);
            var filter = InboxFilterQuery.Parse(status, channel, assignee, label, project, failed, sort);
            var page = await inbox.ListAsync(filter, user.UserId(), after is { } a ? new InboxCursor(a.At, (int)a.Id) : null, ApiResults.PageSize(limit), ct);
            return Results.Ok(new ApiPage<InboxItem>(page.Items, page.Next is { } next ? ApiCursor.Encode(next.Key, next.Id) : null));
        }).RequireAuthorization(ApiPolicies.Read).Produces<ApiPage<InboxItem>>().ProducesValidationProblem()
            .WithSummary("List conversations with the inbox's filters, newest activity first (sort=oldest, or sort=waiting: the longest wait first)");

        group.MapGet("/{id:int}", async (int id, ConversationService conversations, CancellationToken ct) =>
            await conversations.GetThreadAsync(id, ct) is { } thread
                ? Results.Ok(new ConversationDetails(thread.Header, thread.Contact.Id, thread.Contact.Name))
                : ApiResults.NotFound(NoConversation))
            .RequireAuthorization(ApiPolicies.Read).Produces<ConversationDetails>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a conversation");

        group.MapPatch("/{id:int}", async (int id, ConversationChange change, ClaimsPrincipal user, ConversationService conversations, CancellationToken ct) =>
        {
            if (await conversations.GetThreadAsync(id, ct) is not { } thread) return ApiResults.NotFound(NoConversation);
            if (change.Status is { } status)
            {
                var result = await conversations.SetStatusAsync(id, status, change.SnoozeUntil, ct);
                if (!result.Succeeded) return ApiResults.Refused(result, "status");
            }
            if (change.Priority is { } priority && (await conversations.SetPriorityAsync(id, priority, ct)) is { Succeeded: false } p)
                return ApiResults.Refused(p, "priority");
            if (change.AssigneeId is { } assignee
                && (await conversations.AssignAsync(id, assignee.Length == 0 ? null : assignee, user.UserId(), ct)) is { Succeeded: false } a)
                return ApiResults.Refused(a, "assigneeId");
            if (change.Labels is { } labels)
            {
                foreach (var gone in thread.Header.Labels.Except(labels, StringComparer.OrdinalIgnoreCase))
                    await conversations.RemoveLabelAsync(id, gone, ct);
                foreach (var added in labels.Except(thread.Header.Labels, StringComparer.OrdinalIgnoreCase))
                    if ((await conversations.AddLabelAsync(id, added, ct)) is { Succeeded: false } l) return ApiResults.Refused(l, "labels");
            }
            var updated = (await conversations.GetThreadAsync(id, ct))!;
            return Results.Ok(new ConversationDetails(updated.Header, updated.Contact.Id, updated.Contact.Name));
        }).RequireAuthorization(ApiPolicies.Write).Produces<ConversationDetails>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Change status, priority, assignee (\"\" unassigns) or labels (the full new set); fields left out stay as they are");

        group.MapPost("/{id:int}/read", async (int id, ConversationService conversations, CancellationToken ct) =>
        {
            if (await conversations.GetThreadAsync(id, ct) is null) return ApiResults.NotFound(NoConversation);
            await conversations.MarkReadByAgentAsync(id, ct);
            return Results.NoContent();
        }).RequireAuthorization(ApiPolicies.Write).WithSummary("Mark the customer's messages read");

        group.MapMessagesApi();
        return api;
    }

    internal const string NoConversation = "There is no conversation with this id.";

}

/// <summary>A conversation as the API returns it: the thread's header and who the contact is.</summary>
public sealed record ConversationDetails(ConversationHeader Conversation, int ContactId, string ContactName);

/// <summary>PATCH body: only the fields given change.</summary>
public sealed record ConversationChange(
    ConversationStatus? Status = null, DateTime? SnoozeUntil = null, ConversationPriority? Priority = null,
    string? AssigneeId = null, IReadOnlyList<string>? Labels = null);
