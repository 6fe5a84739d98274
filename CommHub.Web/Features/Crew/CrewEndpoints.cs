using System.Security.Claims;
using CommHub.Core.Attachments;
using CommHub.Core.Conversations;
using CommHub.Core.Crew;
using CommHub.Core.Users;
using CommHub.Web.RateLimits;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CommHub.Web.Features.Crew;

/// <summary>
/// What the crew pages send, over plain HTTP rather than the live connection, so a phone on a bad connection can retry
/// on its own: <c>POST /crew/api/projects/{id}/messages</c> (text, position, check-in, as JSON) and
/// <c>POST /crew/api/projects/{id}/files?clientId=…&amp;name=…</c> (one file as the body). Each carries a client-made id,
/// so a retry of something already stored answers as the first try did and stores nothing. Another project's id answers
/// 404, as a project that does not exist.
/// </summary>
public static class CrewEndpoints
{
    /// <summary>
    /// Sent by the crew pages' script. A cross-site page cannot send a custom header without the browser asking first
    /// (CORS preflight, which this app never grants), so its presence keeps other sites from posting as the crew member.
    /// </summary>
    public const string ClientHeader = "X-CommHub-Crew";

    public static IEndpointRouteBuilder MapCrewEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/crew/api/projects/{projectId:int}").RequireAuthorization(policy => policy.RequireRole(Roles.Crew));
        api.MapPost("/messages", PostMessageAsync);
        api.MapPost("/files", PostFileAsync);
        return endpoints;
    }

    private static async Task<IResult> PostMessageAsync(
        int projectId, CrewMessageRequest request, HttpContext context, CrewService crew, MessageSendLimiter limiter, CancellationToken ct)
    {
        if (await RefuseAsync(context, projectId, crew, ct) is { } refused) return refused;
        var userId = UserId(context);
        if (limiter.TryAcquire(userId) is { } tooFast) return TooFast(tooFast);
        var position = request.Latitude is { } lat && request.Longitude is { } lon
            ? new CrewPosition(lat, lon, request.Accuracy, request.TakenAt?.UtcDateTime)
            : null;
        var checkIn = request.CheckIn?.ToLowerInvariant() switch
        {
            null or "" => (CheckInKind?)null,
            "arrived" => CheckInKind.Arrived,
            "leaving" => CheckInKind.Leaving,
            _ => (CheckInKind)(-1),
        };
        if (checkIn == (CheckInKind)(-1)) return Invalid("A check-in is either arrived or leaving.");
        var result = await crew.PostAsync(userId, projectId, new CrewPost(request.ClientId, request.Text, position, checkIn), ct);
        return result.Succeeded ? Sent(result.Value!) : Invalid(result.ErrorText);
    }

    private static async Task<IResult> PostFileAsync(
        int projectId, Guid clientId, string? name, HttpContext context, CrewService crew, UploadLimiter limiter, IOptions<AttachmentOptions> options,
        CancellationToken ct)
    {
        if (await RefuseAsync(context, projectId, crew, ct) is { } refused) return refused;
        var userId = UserId(context);
        if (limiter.TryAcquire(userId) is { } tooFast) return TooFast(tooFast);
        // The attachment limit decides, not the server's default request limit (the stream stops just past it).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit) bodyLimit.MaxRequestBodySize = options.Value.MaxFileBytes + 1;
        var declared = context.Request.ContentLength ?? 0;
        try
        {
            var result = await crew.PostFileAsync(userId, projectId, clientId, string.IsNullOrWhiteSpace(name) ? "photo.jpg" : name, context.Request.Body, declared, ct);
            return result.Succeeded ? Sent(result.Value!) : Invalid(result.ErrorText);
        }
        catch (Exception ex) when (ex is IOException or BadHttpRequestException or OperationCanceledException)
        {
            // The phone went away mid-upload: nothing was stored, and it sends the file again under the same id.
            return Results.Problem("The upload was cut off; it is tried again.", statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult?> RefuseAsync(HttpContext context, int projectId, CrewService crew, CancellationToken ct)
    {
        if (!context.Request.Headers.ContainsKey(ClientHeader))
            return Results.Problem($"Send the {ClientHeader} header (the crew pages do).", statusCode: StatusCodes.Status400BadRequest);
        return await crew.IsMemberAsync(UserId(context), projectId, ct)
            ? null
            : Results.Problem("This project was not found among yours.", statusCode: StatusCodes.Status404NotFound);
    }

    private static string UserId(HttpContext context) => context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private static IResult Sent(CrewSent sent) => Results.Ok(new { sent.MessageId, sent.ConversationId, sent.Duplicate });

    private static IResult Invalid(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest);

    private static IResult TooFast(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests);
}

/// <summary>A crew message as the page's script posts it; <see cref="TakenAt"/> is when the phone took the position.</summary>
public sealed record CrewMessageRequest(
    Guid ClientId, string? Text, double? Latitude = null, double? Longitude = null, double? Accuracy = null, DateTimeOffset? TakenAt = null,
    string? CheckIn = null);
