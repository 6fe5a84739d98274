using CommHub.Core.Attachments;
using CommHub.Core.Conversations;
using CommHub.Core.Outbox;
using CommHub.Web.Features.Api;
using Microsoft.AspNetCore.Mvc;

namespace CommHub.Web.Features.Conversations;

/// <summary>
/// <c>/api/v1/conversations/{id}/messages</c>: the thread oldest first with a cursor, and sending a reply or a private
/// note (JSON, or multipart with files), made safe to retry by an <c>Idempotency-Key</c>.
/// </summary>
public static class MessagesApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder conversations)
    {
        conversations.MapGet("/{id:int}/messages", async (
            int id, [FromQuery] string? cursor, [FromQuery] int? limit, ConversationService service, CancellationToken ct) =>
        {
            if (!ApiCursor.TryDecode(cursor, out var after)) return ApiResults.Invalid("cursor", ApiCursor.Invalid);
            if (await service.GetThreadAsync(id, ct) is not { } thread) return ApiResults.NotFound(ConversationsApi.NoConversation);
            var size = ApiResults.PageSize(limit);
            var rest = after is { } a
                ? thread.Messages.Where(m => m.CreatedAt > a.At || (m.CreatedAt == a.At && m.Id > a.Id))
                : thread.Messages;
            var page = rest.Take(size + 1).ToList();
            var next = page.Count > size ? ApiCursor.Encode(page[size - 1].CreatedAt, page[size - 1].Id) : null;
            return Results.Ok(new ApiPage<ThreadMessage>(page.Take(size).ToList(), next));
        }).RequireAuthorization(ApiPolicies.Read).Produces<ApiPage<ThreadMessage>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List a conversation's messages, oldest first");

        conversations.MapPost("/{id:int}/messages", SendAsync)
            .RequireAuthorization(ApiPolicies.Write)
            // One Accepts for both: routing matches the request's content type against it.
            .Accepts<MessageSend>("application/json", "multipart/form-data")
            .DisableAntiforgery()
            .Produces<ThreadMessage>(StatusCodes.Status201Created).Produces<ThreadMessage>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Send a reply or a private note; JSON, or multipart/form-data with 'text', 'privateNote' and 'files'");
        return conversations;
    }

    private static async Task<IResult> SendAsync(int id, HttpContext context, ConversationService service, AttachmentService attachments, CancellationToken ct)
    {
        var key = context.Request.Headers[IdempotencyHeader].ToString();
        if (context.Request.Headers.ContainsKey(IdempotencyHeader) && key.Length is 0 or > SentReply.MaxKeyLength)
            return ApiResults.Invalid(IdempotencyHeader, $"An idempotency key has 1 to {SentReply.MaxKeyLength} characters.");

        MessageSend? send;
        var staged = new List<StagedFile>();
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(ct);
            send = new MessageSend(form["text"].ToString(), form["privateNote"].ToString() is "true" or "1" or "on",
                int.TryParse(form["replyToMessageId"], out var replyTo) ? replyTo : null);
            if (attachments.CheckCount(form.Files.Count) is { } tooMany) return ApiResults.Invalid("files", tooMany);
            foreach (var file in form.Files)
            {
                if (attachments.CheckSize(file.FileName, file.Length) is { } tooLarge) return await DiscardAsync(attachments, staged, ApiResults.Invalid("files", tooLarge));
                await using var stream = file.OpenReadStream();
                var result = await attachments.StageAsync(stream, file.FileName, file.Length, ct);
                if (!result.Succeeded) return await DiscardAsync(attachments, staged, ApiResults.Refused(result.Errors, "files"));
                staged.Add(result.Value!);
            }
        }
        else
        {
            try
            {
                send = await context.Request.ReadFromJsonAsync<MessageSend>(ct);
            }
            catch (System.Text.Json.JsonException e)
            {
                return ApiResults.Invalid("body", "The body is not valid JSON for a message: " + e.Message);
            }
            if (send is null) return ApiResults.Invalid("body", "Send a JSON body with 'text'.");
        }

        var sent = await service.SendReplyAsync(id, context.User.UserId(), send.Text ?? "", send.PrivateNote, staged,
            send.Cc is null && send.Bcc is null ? null : new EmailCopies(send.Cc, send.Bcc), send.ReplyToMessageId, key.Length == 0 ? null : key, ct);
        if (!sent.Succeeded) return await DiscardAsync(attachments, staged, ApiResults.Refused(sent.Errors, "text"));
        if (sent.Value!.Replayed)
        {
            await DiscardAsync(attachments, staged, Results.Empty);
            context.Response.Headers[ReplayedHeader] = "true";
        }
        var thread = await service.GetThreadAsync(id, ct);
        var message = thread?.Messages.SingleOrDefault(m => m.Id == sent.Value.MessageId);
        var location = $"/api/v1/conversations/{id}/messages/{sent.Value.MessageId}";
        return sent.Value.Replayed ? Results.Ok(message) : Results.Created(location, message);
    }

    private static async Task<IResult> DiscardAsync(AttachmentService attachments, List<StagedFile> staged, IResult result)
    {
        foreach (var file in staged) await attachments.DiscardAsync(file);
        return result;
    }
}

/// <summary>POST body of a message: the text, whether it is a private note, and for email the copies.</summary>
public sealed record MessageSend(string? Text, bool PrivateNote = false, int? ReplyToMessageId = null, string? Cc = null, string? Bcc = null);
