using System.Globalization;
using System.Security.Cryptography;
using CommHub.Core.Channels;
using CommHub.Core.Common;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace CommHub.Infrastructure.Telegram;

/// <summary>
/// An admin connecting a bot: the token is checked with getMe before anything is stored, stored encrypted, and never
/// shown again; webhook mode registers this app's address with a fresh random secret, polling removes any webhook.
/// </summary>
public sealed class TelegramChannelAdmin(
    IDbContextFactory<CommHubDbContext> dbFactory,
    TelegramBots bots,
    ChannelSecrets secrets,
    ChannelService channels,
    IChannelJobs jobs,
    CommHub.Core.Audit.AuditLog audit,
    IOptions<TelegramOptions> options) : ITelegramChannelAdmin
{
    public const string WebhookPath = "/telegram/webhook/";

    /// <summary>Whether webhook mode can be offered: it needs the app's public address.</summary>
    public bool WebhookAvailable => !string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl);

    /// <summary>getMe: the bot's @username, or exactly what went wrong.</summary>
    public async Task<OperationResult<string>> TestConnectionAsync(string token, CancellationToken cancellationToken = default)
    {
        token = token.Trim();
        if (token.Length == 0) return OperationResult<string>.Fail("Enter the bot token @BotFather gave you.");
        try
        {
            var me = await bots.For(token).GetMe(cancellationToken);
            return OperationResult<string>.Ok("@" + me.Username);
        }
        catch (ArgumentException)
        {
            return OperationResult<string>.Fail("That is not a bot token. It looks like 123456789:AAH… — copy it from @BotFather.");
        }
        catch (Exception ex) when (ex is ApiRequestException or RequestException or HttpRequestException)
        {
            return OperationResult<string>.Fail(TelegramInboundService.Describe(ex));
        }
    }

    public async Task<OperationResult<string>> TestChannelAsync(int channelId, CancellationToken cancellationToken = default) =>
        await TelegramChannelAsync(channelId, cancellationToken) is { } channel
            ? await TestConnectionAsync(bots.Token(channel)!, cancellationToken)
            : OperationResult<string>.Fail("There is no Telegram bot with a token on this channel: add the bot again with its token.");

    public async Task<OperationResult<int>> AddAsync(string token, TelegramMode mode, string? greeting, string? actingUserId = null, CancellationToken cancellationToken = default)
    {
        var test = await TestConnectionAsync(token, cancellationToken);
        if (!test.Succeeded) return OperationResult<int>.Fail(test.ErrorText);
        if (mode == TelegramMode.Webhook && !WebhookAvailable) return OperationResult<int>.Fail(NoPublicUrl);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = new Channel { Kind = ChannelKind.Telegram, Name = test.Value!, Status = ChannelStatus.Active };
        new TelegramChannelSettings(mode, test.Value, string.IsNullOrWhiteSpace(greeting) ? null : greeting.Trim()).WriteTo(channel);
        secrets.Write(channel, new Dictionary<string, string>
        {
            [TelegramChannelSettings.BotTokenKey] = token.Trim(),
            [TelegramChannelSettings.WebhookSecretKey] = NewSecret(),
        });
        db.Channels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actingUserId, "channel.created", nameof(Channel), channel.Id, channel.Name, cancellationToken);

        var applied = await ApplyModeAsync(channel, mode, cancellationToken);
        jobs.Schedule(channel.Id, ChannelKind.Telegram, enabled: true);
        return applied.Succeeded ? OperationResult<int>.Ok(channel.Id) : OperationResult<int>.Fail($"The channel was added, but: {applied.ErrorText}");
    }

    public async Task<TelegramChannelView?> GetAsync(int channelId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.Kind == ChannelKind.Telegram && c.DeletedAt == null, cancellationToken);
        if (channel is null) return null;
        var settings = TelegramChannelSettings.Of(channel);
        return new TelegramChannelView(channel.Id, channel.Name, settings.Mode, settings.BotUsername, settings.Greeting, ChannelSecrets.Mask(bots.Token(channel) ?? ""));
    }

    /// <summary>Switches webhook and polling at Telegram (setWebhook / deleteWebhook) and saves the choice and greeting.</summary>
    public async Task<OperationResult> UpdateAsync(int channelId, TelegramMode mode, string? greeting, string? actingUserId = null, CancellationToken cancellationToken = default)
    {
        if (mode == TelegramMode.Webhook && !WebhookAvailable) return OperationResult.Fail(NoPublicUrl);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId && c.Kind == ChannelKind.Telegram && c.DeletedAt == null, cancellationToken);
        if (channel is null) return OperationResult.Fail("That channel no longer exists.");
        var settings = TelegramChannelSettings.Of(channel);
        if (settings.Mode != mode)
        {
            var applied = await ApplyModeAsync(channel, mode, cancellationToken);
            if (!applied.Succeeded) return applied;
        }
        (settings with { Mode = mode, Greeting = string.IsNullOrWhiteSpace(greeting) ? null : greeting.Trim() }).WriteTo(channel);
        audit.Add(db, actingUserId, "channel.settings-changed", nameof(Channel), channel.Id, $"{channel.Name}: {mode}");
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok;
    }

    /// <summary>
    /// Disable or enable any channel. A bot on a webhook has its webhook removed while disabled, so Telegram keeps the
    /// updates (for up to 24 hours, as it does for a bot nobody polls) instead of delivering them to a channel that would
    /// drop them; enabling registers the webhook again and they arrive. Disabling never fails on Telegram's account.
    /// </summary>
    public async Task<OperationResult> SetEnabledAsync(int channelId, bool enabled, string? actingUserId, CancellationToken cancellationToken = default)
    {
        if (await TelegramChannelAsync(channelId, cancellationToken) is { } channel && TelegramChannelSettings.Of(channel).Mode == TelegramMode.Webhook)
        {
            var applied = await ApplyModeAsync(channel, enabled ? TelegramMode.Webhook : TelegramMode.Polling, cancellationToken);
            if (enabled && !applied.Succeeded) return OperationResult.Fail($"The bot stays disabled: {applied.ErrorText}");
        }
        return await channels.SetEnabledAsync(channelId, enabled, actingUserId, cancellationToken);
    }

    /// <summary>Stops the bot's webhook (best effort: the token may already be revoked), then deletes the channel; its conversations stay.</summary>
    public async Task<OperationResult> DeleteAsync(int channelId, string? actingUserId, CancellationToken cancellationToken = default)
    {
        // The channel goes whatever Telegram answers; an orphaned webhook only earns 401s from the endpoint.
        if (await TelegramChannelAsync(channelId, cancellationToken) is { } channel) await ApplyModeAsync(channel, TelegramMode.Polling, cancellationToken);
        return await channels.DeleteAsync(channelId, actingUserId, cancellationToken);
    }

    /// <summary>The channel when it is a Telegram bot with a token (not deleted), else null.</summary>
    private async Task<Channel?> TelegramChannelAsync(int channelId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.DeletedAt == null, cancellationToken);
        return channel is { Kind: ChannelKind.Telegram } && bots.Token(channel) is not null ? channel : null;
    }

    private async Task<OperationResult> ApplyModeAsync(Channel channel, TelegramMode mode, CancellationToken cancellationToken)
    {
        try
        {
            var bot = bots.For(channel);
            if (mode == TelegramMode.Polling)
            {
                await bot.DeleteWebhook(cancellationToken: cancellationToken);
                return OperationResult.Ok;
            }
            var secret = secrets.Read(channel).GetValueOrDefault(TelegramChannelSettings.WebhookSecretKey)
                ?? throw new InvalidOperationException("The channel has no webhook secret.");
            var url = options.Value.PublicBaseUrl!.TrimEnd('/') + WebhookPath + channel.Id.ToString(CultureInfo.InvariantCulture);
            await bot.SetWebhook(url, secretToken: secret,
                allowedUpdates: [UpdateType.Message, UpdateType.EditedMessage, UpdateType.ChannelPost, UpdateType.EditedChannelPost],
                cancellationToken: cancellationToken);
            return OperationResult.Ok;
        }
        catch (Exception ex) when (ex is ApiRequestException or RequestException or HttpRequestException or ArgumentException)
        {
            return OperationResult.Fail(TelegramInboundService.Describe(ex));
        }
    }

    /// <summary>Telegram allows 1–256 characters A–Z, a–z, 0–9, '_' and '-' in a secret_token.</summary>
    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    private const string NoPublicUrl = "Webhook mode needs the app's public https address in CommHub:Telegram:PublicBaseUrl; use polling, or set it first.";
}
