using System.Diagnostics;
using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using Microsoft.Data.Sqlite;

namespace CommHub.Benchmarks;

/// <summary>What the measurements need to know about the seeded data.</summary>
internal sealed record SeededData(
    IReadOnlyList<string> AgentIds, int LongThreadId, InboxCursor DeepCursor, int DeepPosition, TimeSpan Elapsed);

/// <summary>
/// Fills a database that the real migrations created, with raw ADO.NET: one transaction and one prepared INSERT per
/// table, reused for every row. EF's change tracker would need minutes for a million messages; the schema is still
/// the product's own, so the services under test read exactly what production would store.
/// </summary>
internal sealed partial class Seeder(int conversations, int messages, DateTime now)
{
    public const int ContactCount = 5_000;
    public const int LongThreadLength = 500;
    public const int DeepPositionAtFullSize = 90_000;
    private const int MaxOrdinaryThread = 200;

    private readonly Random random = new(2026);
    private readonly Planned[] plan = new Planned[conversations];
    private readonly string[] agentIds = new string[SeedText.Agents.Length];

    public int LongThreadIndex => conversations / 2;

    /// <summary>Words added to the n-th message written (the search benchmark's vocabulary); none by default.</summary>
    public Func<int, string>? TextSuffix { get; init; }

    public SeededData Seed(string sqliteFile)
    {
        if (messages < conversations - 1 + LongThreadLength)
            throw new ArgumentException($"{messages:N0} messages are too few for {conversations:N0} conversations and one {LongThreadLength}-message thread.");
        var stopwatch = Stopwatch.StartNew();
        PlanConversations();

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqliteFile, Pooling = false }.ToString());
        connection.Open();
        // Per-connection settings for the bulk load only; the measured connections use the product's defaults.
        Execute(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-524288; PRAGMA temp_store=MEMORY;");
        using (var transaction = connection.BeginTransaction())
        {
            InsertUsers(connection, transaction);
            InsertChannelsContactsAndLabels(connection, transaction);
            InsertConversations(connection, transaction);
            InsertMessages(connection, transaction);
            transaction.Commit();
        }
        // The load went through the WAL; fold it into the main file so measuring starts from a steady state,
        // as a running app reaches through its automatic checkpoints.
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");

        var position = Math.Min(DeepPositionAtFullSize, conversations * 9 / 10);
        return new SeededData(agentIds, LongThreadIndex + 1, RowAt(position), position, stopwatch.Elapsed);
    }

    /// <summary>The row at a 1-based position of the inbox order (LastActivityAt desc, Id desc), as a cursor.</summary>
    private InboxCursor RowAt(int position)
    {
        var order = Enumerable.Range(0, conversations).ToArray();
        Array.Sort(order, (a, b) => plan[a].LastActivityAt != plan[b].LastActivityAt
            ? plan[b].LastActivityAt.CompareTo(plan[a].LastActivityAt)
            : b.CompareTo(a));
        var index = order[position - 1];
        return new InboxCursor(plan[index].LastActivityAt, index + 1);
    }

    private void InsertUsers(SqliteConnection connection, SqliteTransaction transaction)
    {
        var roleId = NewId();
        using (var roles = new BulkInsert(connection, transaction, "AspNetRoles", "Id", "Name", "NormalizedName", "ConcurrencyStamp"))
            roles.Row(roleId, "Agent", "AGENT", NewId());

        using var users = new BulkInsert(connection, transaction, "AspNetUsers",
            "Id", "DisplayName", "IsDisabled", "PrefersDarkMode", "CreatedAt", "UserName", "NormalizedUserName", "Email",
            "NormalizedEmail", "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled",
            "LockoutEnabled", "AccessFailedCount");
        using var userRoles = new BulkInsert(connection, transaction, "AspNetUserRoles", "UserId", "RoleId");
        for (var i = 0; i < agentIds.Length; i++)
        {
            var (name, email) = SeedText.Agents[i];
            agentIds[i] = NewId();
            // No password hash: nobody signs in to the benchmark; the row only has to be a valid assignee.
            users.Row(agentIds[i], name, false, false, now.AddDays(-400), email, email.ToUpperInvariant(), email,
                email.ToUpperInvariant(), true, Guid.NewGuid().ToString("N").ToUpperInvariant(), NewId(), false, false, true, 0);
            userRoles.Row(agentIds[i], roleId);
        }
    }

    private void InsertChannelsContactsAndLabels(SqliteConnection connection, SqliteTransaction transaction)
    {
        using (var channels = new BulkInsert(connection, transaction, "Channels",
            "Id", "Kind", "Name", "Enabled", "Status", "SettingsJson", "CreatedAt", "UpdatedAt"))
        {
            for (var i = 0; i < SeedText.Channels.Length; i++)
                channels.Row(i + 1, (int)SeedText.Channels[i].Kind, SeedText.Channels[i].Name, true, 0, "{}", now.AddDays(-400), now.AddDays(-400));
        }

        using (var contacts = new BulkInsert(connection, transaction, "Contacts", "Id", "Name", "Email", "CreatedAt", "UpdatedAt"))
        using (var identities = new BulkInsert(connection, transaction, "ContactIdentities", "ContactId", "Kind", "Value", "DisplayHandle"))
        {
            for (var id = 1; id <= ContactCount; id++)
            {
                var (name, email) = ContactName(id);
                var created = now.AddDays(-random.Next(1, 400));
                contacts.Row(id, name, email, created, created);
                identities.Row(id, 2, email, null);
                if (id % 3 == 0) identities.Row(id, 1, TelegramId(id), $"@{email[..email.IndexOf('@')].Replace('.', '_')}");
            }
        }

        using var labels = new BulkInsert(connection, transaction, "Labels", "Id", "Name", "Color");
        for (var i = 0; i < SeedText.Labels.Length; i++) labels.Row(i + 1, SeedText.Labels[i].Name, SeedText.Labels[i].Color);
    }

    private void InsertConversations(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var insert = new BulkInsert(connection, transaction, "Conversations",
            "Id", "ChannelId", "ContactId", "Subject", "Status", "SnoozedUntil", "Priority", "AssigneeId", "LastActivityAt",
            "LastMessagePreview", "AgentUnreadCount", "CustomerUnreadCount", "ExternalThreadKey", "LegalHold", "CreatedAt", "UpdatedAt");
        using var labels = new BulkInsert(connection, transaction, "ConversationLabels", "ConversationsId", "LabelsId");
        for (var i = 0; i < conversations; i++)
        {
            ref var c = ref plan[i];
            var id = i + 1;
            var kind = SeedText.Channels[c.Channel].Kind;
            var threadKey = kind switch
            {
                ChannelKind.Telegram => TelegramId(c.ContactId),
                ChannelKind.Gmail => $"{Hash(id, -1):x8}{id:x8}",
                _ => null,
            };
            insert.Row(id, c.Channel + 1, c.ContactId, SeedText.Subjects[Hash(id, -2) % SeedText.Subjects.Length], (int)c.Status,
                c.Status == ConversationStatus.Snoozed ? now.AddHours(2 + Hash(id, -3) % 70) : null, (int)c.Priority,
                c.Assignee < 0 ? null : agentIds[c.Assignee], c.LastActivityAt, Conversation.PreviewOf(Compose(i, c.Messages - 1).Text),
                c.AgentUnread, c.CustomerUnread, threadKey, false, c.CreatedAt, c.LastActivityAt);
            if (c.Label1 >= 0) labels.Row(id, c.Label1 + 1);
            if (c.Label2 >= 0) labels.Row(id, c.Label2 + 1);
        }
    }

    /// <summary>
    /// Messages go in in global time order, as a live system writes them, so a long thread's rows are scattered over
    /// the table the way they would be in production rather than packed together.
    /// </summary>
    private void InsertMessages(SqliteConnection connection, SqliteTransaction transaction)
    {
        var times = new long[messages];
        var refs = new long[messages];
        var n = 0;
        for (var i = 0; i < conversations; i++)
        {
            for (var k = 0; k < plan[i].Messages; k++)
            {
                times[n] = MessageTime(i, k).Ticks;
                refs[n++] = ((long)i << 10) | (uint)k;
            }
        }
        Array.Sort(times, refs);

        using var insert = new BulkInsert(connection, transaction, "Messages",
            "ConversationId", "ChannelId", "Direction", "SenderKind", "SenderUserId", "SenderName", "Text", "ExternalId",
            "InternetMessageId", "DeliveryStatus", "IsPrivateNote", "IsAutoGenerated", "CreatedAt", "UpdatedAt", "ReadAt");
        for (var m = 0; m < messages; m++)
        {
            var i = (int)(refs[m] >> 10);
            var k = (int)(refs[m] & 1023);
            ref var c = ref plan[i];
            var id = i + 1;
            var message = Compose(i, k);
            var at = new DateTime(times[m], DateTimeKind.Utc);
            var inbound = message.Direction == MessageDirection.Inbound;
            var agent = c.Assignee >= 0 ? c.Assignee : (int)(Hash(id, k) % (uint)agentIds.Length);
            var kind = SeedText.Channels[c.Channel].Kind;
            var status = inbound
                ? (k >= c.Messages - c.AgentUnread ? DeliveryStatus.Delivered : DeliveryStatus.Read)
                : message.PrivateNote ? DeliveryStatus.Sent : k == c.Messages - 1 ? DeliveryStatus.Delivered : DeliveryStatus.Read;
            insert.Row(id, c.Channel + 1, (int)message.Direction, inbound ? (int)SenderKind.Contact : (int)SenderKind.Agent,
                inbound ? null : agentIds[agent],
                inbound ? ContactName(c.ContactId).Name : SeedText.Agents[agent].Name,
                TextSuffix is null ? message.Text : message.Text + TextSuffix(m),
                kind switch { ChannelKind.Telegram => $"{TelegramId(c.ContactId)}:{id}{k:D3}", ChannelKind.Gmail => $"{id:x8}{k:x4}", _ => null },
                kind == ChannelKind.Gmail ? $"<{id}.{k}.{Hash(id, k):x}@mail.acme.example>" : null,
                (int)status, message.PrivateNote, false, at, at,
                status == DeliveryStatus.Read ? at.AddSeconds(30 + Hash(id, k) % 3600) : null);
        }
    }

    private static string NewId() => Guid.NewGuid().ToString();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
