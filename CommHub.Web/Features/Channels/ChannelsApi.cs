using System.Security.Claims;
using CommHub.Core.Channels;
using CommHub.Core.Common;
using CommHub.Web.Features.Api;

namespace CommHub.Web.Features.Channels;

/// <summary><c>/api/v1/channels</c>: admins' channels, as the channels page shows and changes them (the same services).</summary>
public static class ChannelsApi
{
    public static RouteGroupBuilder MapChannelsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/channels").WithTags("Channels");

        group.MapGet("/", async (ChannelService channels, CancellationToken ct) => Results.Ok(await channels.ListAsync(ct)))
            .RequireAuthorization(ApiPolicies.AdminRead).WithSummary("List the channels with today's counts and their health");

        group.MapGet("/{id:int}", async (int id, ChannelService channels, ITelegramChannelAdmin telegram, CancellationToken ct) =>
            (await channels.ListAsync(ct)).SingleOrDefault(c => c.Id == id) is { } channel
                ? Results.Ok(new ChannelDetails(channel, channel.Kind == ChannelKind.Telegram ? await telegram.GetAsync(id, ct) : null))
                : ApiResults.NotFound(NoChannel))
            .RequireAuthorization(ApiPolicies.AdminRead).WithSummary("Get a channel (a Telegram bot's settings with its token masked)");

        group.MapPost("/{id:int}/enable", (int id, ClaimsPrincipal user, ITelegramChannelAdmin telegram, CancellationToken ct) => SetEnabledAsync(id, true, user, telegram, ct))
            .RequireAuthorization(ApiPolicies.Admin).WithSummary("Enable a channel");
        group.MapPost("/{id:int}/disable", (int id, ClaimsPrincipal user, ITelegramChannelAdmin telegram, CancellationToken ct) => SetEnabledAsync(id, false, user, telegram, ct))
            .RequireAuthorization(ApiPolicies.Admin).WithSummary("Disable a channel (nothing is received or sent through it)");

        group.MapDelete("/{id:int}", async (int id, ClaimsPrincipal user, ITelegramChannelAdmin telegram, CancellationToken ct) =>
            await telegram.DeleteAsync(id, user.UserId(), ct) is { Succeeded: false } refused ? ApiResults.Refused(refused) : Results.NoContent())
            .RequireAuthorization(ApiPolicies.Admin).WithSummary("Delete a channel; its conversations stay");

        group.MapPost("/telegram", async (TelegramChannelRequest request, ClaimsPrincipal user, ITelegramChannelAdmin telegram, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.Token)) return ApiResults.Invalid("token", "Paste the bot's token from @BotFather.");
            var added = await telegram.AddAsync(request.Token.Trim(), request.Mode ?? TelegramMode.Polling, request.Greeting, user.UserId(), ct);
            return added.Succeeded
                ? Results.Created($"/api/v1/channels/{added.Value}", await telegram.GetAsync(added.Value, ct))
                : ApiResults.Refused(added.Errors, "token");
        }).RequireAuthorization(ApiPolicies.Admin).WithSummary("Add a Telegram bot (its token is checked with Telegram first)");

        group.MapPost("/telegram/test", async (TelegramChannelRequest request, ITelegramChannelAdmin telegram, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.Token)) return ApiResults.Invalid("token", "Paste the bot's token from @BotFather.");
            var tested = await telegram.TestConnectionAsync(request.Token.Trim(), ct);
            return tested.Succeeded ? Results.Ok(new { botUsername = tested.Value }) : ApiResults.Refused(tested.Errors, "token");
        }).RequireAuthorization(ApiPolicies.Admin).WithSummary("Test a bot token: which bot it is, or why Telegram refuses it");

        group.MapPost("/{id:int}/test", async (int id, ChannelService channels, ITelegramChannelAdmin telegram, IGmailChannelAdmin gmail, CancellationToken ct) =>
        {
            if ((await channels.ListAsync(ct)).SingleOrDefault(c => c.Id == id) is not { } channel) return ApiResults.NotFound(NoChannel);
            var tested = channel.Kind switch
            {
                ChannelKind.Telegram => await telegram.TestChannelAsync(id, ct),
                ChannelKind.Gmail => await gmail.TestAsync(id, ct),
                // The portal and the crew portal are this app: nothing outside to reach.
                _ => OperationResult<string>.Ok(channel.Name),
            };
            return tested.Succeeded ? Results.Ok(new ChannelTest(tested.Value!)) : ApiResults.Refused(tested.Errors);
        }).RequireAuthorization(ApiPolicies.Admin).Produces<ChannelTest>().ProducesValidationProblem()
            .WithSummary("Test a channel's connection: a bot with its stored token, a mailbox with its Google grant");

        group.MapPatch("/{id:int}", async (int id, TelegramChannelRequest request, ClaimsPrincipal user, ITelegramChannelAdmin telegram, CancellationToken ct) =>
        {
            if (await telegram.GetAsync(id, ct) is not { } current) return ApiResults.NotFound("There is no Telegram channel with this id.");
            var updated = await telegram.UpdateAsync(id, request.Mode ?? current.Mode, request.Greeting ?? current.Greeting, user.UserId(), ct);
            return updated.Succeeded ? Results.Ok(await telegram.GetAsync(id, ct)) : ApiResults.Refused(updated, "mode");
        }).RequireAuthorization(ApiPolicies.Admin).WithSummary("Change a Telegram bot's mode (polling or webhook) or greeting");
        return api;
    }

    private static async Task<IResult> SetEnabledAsync(int id, bool enabled, ClaimsPrincipal user, ITelegramChannelAdmin telegram, CancellationToken ct) =>
        await telegram.SetEnabledAsync(id, enabled, user.UserId(), ct) is { Succeeded: false } refused ? ApiResults.Refused(refused) : Results.NoContent();

    private const string NoChannel = "There is no channel with this id.";
}

/// <summary>What a connection test reached: the bot's @username, or the mailbox's address.</summary>
public sealed record ChannelTest(string ConnectedAs);

public sealed record ChannelDetails(ChannelSummary Channel, TelegramChannelView? Telegram);

/// <summary>A Telegram bot to add, test or change: the token (add and test), the mode and the /start greeting.</summary>
public sealed record TelegramChannelRequest(string? Token = null, TelegramMode? Mode = null, string? Greeting = null);
