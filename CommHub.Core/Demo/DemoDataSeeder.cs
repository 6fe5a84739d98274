using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Projects;
using CommHub.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CommHub.Core.Demo;

/// <summary>
/// Fills an empty database with believable demo data so the inbox is not empty on first look.
/// Deterministic (fixed seed), and does nothing when conversations already exist.
/// </summary>
public sealed class DemoDataSeeder(
    CommHubDbContext db,
    UserManager<ApplicationUser> users,
    TimeProvider clock,
    ILogger<DemoDataSeeder> logger)
{
    /// <summary>Password of the demo agents (demo mode only, printed in README).</summary>
    public const string DemoAgentPassword = "demo-agent-password";

    public const int ContactCount = 50;
    public const int ConversationCount = 200;

    public async Task<bool> SeedAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Conversations.AnyAsync(cancellationToken)) return false;

        var random = new Random(2026);
        var now = clock.GetUtcNow().UtcDateTime;
        var agents = await EnsureAgentsAsync(now);
        // The demo's bots and mailboxes have no credentials, so they are switched off (shown Disabled, not polled and failing).
        var channels = DemoContent.Channels.Select(c => new Channel
        {
            Kind = c.Kind, Name = c.Name, CreatedAt = now.AddDays(-90),
            Enabled = c.Kind is ChannelKind.Portal or ChannelKind.Crew,
            Status = c.Kind is ChannelKind.Portal or ChannelKind.Crew ? ChannelStatus.Active : ChannelStatus.Disabled,
        }).ToList();
        db.Channels.AddRange(channels);
        var labels = DemoContent.Labels.Select(l => new Label { Name = l.Name, Color = l.Color }).ToList();
        db.Labels.AddRange(labels);

        var contacts = Enumerable.Range(0, ContactCount).Select(i => MakeContact(i, random, now)).ToList();
        db.Contacts.AddRange(contacts);
        // Messages carry their channel's id, so channels need theirs first.
        await db.SaveChangesAsync(cancellationToken);

        var projects = await MakeProjectsAsync(now);
        for (var i = 0; i < ConversationCount; i++)
        {
            var channel = channels[random.Next(channels.Count)];
            var contact = contacts[random.Next(contacts.Count)];
            var conversation = MakeConversation(channel, contact, agents, labels, random, now);
            // Crew-channel threads belong to a project, so the inbox shows project badges and the project filter has work.
            if (channel.Kind == ChannelKind.Crew) conversation.Project = projects[i % projects.Count];
            db.Conversations.Add(conversation);
        }

        foreach (var channel in channels)
            channel.LastInboundAt = db.Conversations.Local.Where(c => c.Channel == channel)
                .SelectMany(c => c.Messages).Where(m => m.Direction == MessageDirection.Inbound).Max(m => (DateTime?)m.CreatedAt);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Demo data: {Channels} channels, {Contacts} contacts, {Conversations} conversations.",
            channels.Count, contacts.Count, ConversationCount);
        return true;
    }

    private async Task<List<ApplicationUser>> EnsureAgentsAsync(DateTime now)
    {
        var agents = new List<ApplicationUser>();
        foreach (var (name, email) in DemoContent.Agents)
        {
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = now.AddDays(-90) };
                Check(await users.CreateAsync(user, DemoAgentPassword));
                Check(await users.AddToRoleAsync(user, Roles.Agent));
            }
            agents.Add(user);
        }
        return agents;
    }

    /// <summary>The demo projects, with the demo crew member on each (they sign in at /crew).</summary>
    private async Task<List<Project>> MakeProjectsAsync(DateTime now)
    {
        var (name, email) = DemoContent.CrewMember;
        var crew = await users.FindByEmailAsync(email);
        if (crew is null)
        {
            crew = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = now.AddDays(-60) };
            Check(await users.CreateAsync(crew, DemoAgentPassword));
            Check(await users.AddToRoleAsync(crew, Roles.Crew));
        }
        var projects = DemoContent.Projects.Select(p => new Project
        {
            Name = p.Name,
            SiteAddress = p.Address,
            SiteLatitude = p.Latitude,
            SiteLongitude = p.Longitude,
            Members = [new ProjectMember { UserId = crew.Id, AddedAt = now.AddDays(-30) }],
        }).ToList();
        db.Projects.AddRange(projects);
        return projects;
    }

    private static Contact MakeContact(int index, Random random, DateTime now)
    {
        var first = DemoContent.FirstNames[index % DemoContent.FirstNames.Length];
        var last = DemoContent.LastNames[(index * 7 + 3) % DemoContent.LastNames.Length];
        var email = $"{first}.{last}{(index >= DemoContent.FirstNames.Length ? index : "")}@example.com".ToLowerInvariant();
        var contact = new Contact
        {
            Name = $"{first} {last}",
            Email = email,
            CreatedAt = now.AddDays(-random.Next(30, 90)),
        };
        contact.Identities.Add(new ContactIdentity { Kind = IdentityKind.Email, Value = email });
        if (index % 3 == 0)
        {
            contact.Identities.Add(new ContactIdentity
            {
                Kind = IdentityKind.Telegram,
                Value = (100_000_000 + index * 7919).ToString(System.Globalization.CultureInfo.InvariantCulture),
                DisplayHandle = $"@{first.ToLowerInvariant()}_{last.ToLowerInvariant()}",
            });
        }
        return contact;
    }

    private static Conversation MakeConversation(
        Channel channel, Contact contact, List<ApplicationUser> agents, List<Label> labels, Random random, DateTime now)
    {
        var (subject, opening) = DemoContent.Topics[random.Next(DemoContent.Topics.Length)];
        var status = DemoContent.StatusMix[random.Next(DemoContent.StatusMix.Length)];
        var started = now.AddMinutes(-random.Next(10, 60 * 24 * 30));
        var conversation = new Conversation
        {
            Channel = channel,
            Contact = contact,
            Subject = subject,
            Status = status,
            Priority = (ConversationPriority)random.Next(0, 4),
            Assignee = status == ConversationStatus.New || random.Next(3) == 0 ? null : agents[random.Next(agents.Count)],
            CreatedAt = started,
        };
        if (status == ConversationStatus.Snoozed) conversation.SnoozedUntil = now.AddHours(random.Next(2, 72));
        foreach (var label in labels.Where(_ => random.Next(5) == 0).Take(2)) conversation.Labels.Add(label);

        var replies = status == ConversationStatus.New ? 0 : random.Next(1, 6);
        var at = started;
        AddMessage(conversation, MessageDirection.Inbound, opening, at, random);
        for (var r = 0; r < replies; r++)
        {
            at = at.AddMinutes(random.Next(3, 240));
            if (at > now) break;
            var agentTurn = r % 2 == 0;
            if (agentTurn && random.Next(6) == 0)
                AddMessage(conversation, MessageDirection.Outbound, DemoContent.Notes[random.Next(DemoContent.Notes.Length)], at, random, privateNote: true);
            else if (agentTurn)
                AddMessage(conversation, MessageDirection.Outbound, DemoContent.AgentReplies[random.Next(DemoContent.AgentReplies.Length)], at, random);
            else
                AddMessage(conversation, MessageDirection.Inbound, DemoContent.CustomerFollowUps[random.Next(DemoContent.CustomerFollowUps.Length)], at, random);
        }

        var last = conversation.Messages[^1];
        conversation.LastActivityAt = last.CreatedAt;
        conversation.UpdatedAt = last.CreatedAt;
        conversation.LastMessagePreview = Conversation.PreviewOf(last.Text);
        conversation.AgentUnreadCount = last.Direction == MessageDirection.Inbound && status is ConversationStatus.New or ConversationStatus.Open
            ? conversation.Messages.AsEnumerable().Reverse().TakeWhile(m => m.Direction == MessageDirection.Inbound).Count()
            : 0;
        return conversation;
    }

    private static void AddMessage(Conversation conversation, MessageDirection direction, string text, DateTime at, Random random, bool privateNote = false)
    {
        var inbound = direction == MessageDirection.Inbound;
        conversation.Messages.Add(new Message
        {
            Direction = direction,
            SenderKind = inbound ? SenderKind.Contact : SenderKind.Agent,
            SenderUser = inbound ? null : conversation.Assignee,
            SenderName = inbound ? conversation.Contact!.Name : conversation.Assignee?.DisplayName ?? "Support",
            ChannelId = conversation.Channel!.Id,
            Text = text,
            IsPrivateNote = privateNote,
            DeliveryStatus = inbound || privateNote ? DeliveryStatus.Read : (random.Next(4) == 0 ? DeliveryStatus.Delivered : DeliveryStatus.Read),
            CreatedAt = at,
            UpdatedAt = at,
        });
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
