using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Outbox;

/// <summary>What every outbound message shares, whoever writes it (an agent, the bot of a rule).</summary>
internal static class Outgoing
{
    /// <summary>
    /// Adds the message to the conversation and, on a channel with an outside transport, the outbox row that
    /// will send it: both go in the caller's one SaveChanges. Portal and crew messages need no transport, so
    /// storing them delivers them; private notes are never sent anywhere.
    /// </summary>
    public static Message Add(
        CommHubDbContext db, Conversation conversation, SenderKind senderKind, string? senderUserId, string senderName,
        string text, bool privateNote, DateTime now)
    {
        var send = !privateNote && HasTransport(conversation.Channel!.Kind);
        var message = new Message
        {
            Conversation = conversation,
            ChannelId = conversation.ChannelId,
            Direction = MessageDirection.Outbound,
            SenderKind = senderKind,
            SenderUserId = senderUserId,
            SenderName = senderName,
            Text = text,
            IsPrivateNote = privateNote,
            DeliveryStatus = send ? DeliveryStatus.Pending : DeliveryStatus.Sent,
            CreatedAt = now,
        };
        db.Messages.Add(message);
        if (send) db.Outbox.Add(new OutboxItem { Message = message, ChannelId = conversation.ChannelId, NextAttemptAt = now });
        return message;
    }

    public static bool HasTransport(ChannelKind kind) => kind is ChannelKind.Telegram or ChannelKind.Gmail;

    /// <summary>Agents and admins who can be assigned work: not disabled.</summary>
    public static async Task<List<AgentOption>> StaffAsync(CommHubDbContext db, CancellationToken cancellationToken)
    {
        var staffRoles = db.Roles.Where(r => r.Name == Roles.Admin || r.Name == Roles.Agent).Select(r => r.Id);
        return await db.Users
            .Where(u => !u.IsDisabled && db.UserRoles.Any(ur => ur.UserId == u.Id && staffRoles.Contains(ur.RoleId)))
            .OrderBy(u => u.DisplayName)
            .Select(u => new AgentOption(u.Id, u.DisplayName))
            .ToListAsync(cancellationToken);
    }
}
