using System.Text.RegularExpressions;
using CommHub.Core.Audit;
using CommHub.Core.Common;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Templates;

/// <summary>Reply templates: shared ones (admins manage them) and each agent's own, inserted from the composer.</summary>
public sealed partial class TemplateService(IDbContextFactory<CommHubDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    /// <summary>The shared templates and the user's own, most used first.</summary>
    public async Task<IReadOnlyList<TemplateListItem>> ListAsync(string userId, bool isAdmin, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Templates.AsNoTracking()
            .Where(t => t.OwnerId == null || t.OwnerId == userId)
            .OrderByDescending(t => t.UsageCount).ThenBy(t => t.Name)
            .Select(t => new { t.Id, t.Name, t.Shortcut, t.Category, t.Body, t.OwnerId, Channels = t.Channels.Select(c => c.Id).ToList(), t.UsageCount, t.LastUsedAt })
            .ToListAsync(cancellationToken);
        return rows.Select(t => new TemplateListItem(
            t.Id, t.Name, t.Shortcut, t.Category, t.Body, t.OwnerId is null, t.OwnerId == userId || (t.OwnerId is null && isAdmin),
            t.Channels, t.UsageCount, t.LastUsedAt)).ToList();
    }

    /// <summary>What the composer's picker offers in this conversation: templates available on its channel, matching the search.</summary>
    public async Task<IReadOnlyList<TemplateChoice>> ChoicesAsync(string userId, int conversationId, string? search, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channelId = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.ChannelId).SingleOrDefaultAsync(cancellationToken);
        var term = search?.Trim().ToLower() ?? "";
        return await db.Templates.AsNoTracking()
            .Where(t => (t.OwnerId == null || t.OwnerId == userId) && (!t.Channels.Any() || t.Channels.Any(c => c.Id == channelId)))
            .Where(t => term == "" || t.Shortcut.ToLower().Contains(term) || t.Name.ToLower().Contains(term) || (t.Category != null && t.Category.ToLower().Contains(term)))
            .OrderByDescending(t => t.UsageCount).ThenBy(t => t.Shortcut)
            .Take(20)
            .Select(t => new TemplateChoice(t.Id, t.Name, t.Shortcut, t.Category, t.UsageCount))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The channels a template can be limited to.</summary>
    public async Task<IReadOnlyList<NamedOption>> ChannelsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Channels.OrderBy(c => c.Name).Select(c => new NamedOption(c.Id, c.Name)).ToListAsync(cancellationToken);
    }

    public async Task<OperationResult<int>> SaveAsync(string userId, bool isAdmin, TemplateDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(draft.Name)) errors.Add("Give the template a name.");
        else if (draft.Name.Trim().Length > 200) errors.Add("Keep the name to 200 characters or fewer.");
        if (!ShortcutPattern().IsMatch(draft.Shortcut.Trim())) errors.Add("The shortcut is 1 to 64 letters, digits, '-' or '_', with no spaces (it is typed after '/').");
        if ((draft.Category?.Trim().Length ?? 0) > 100) errors.Add("Keep the category to 100 characters or fewer.");
        if (string.IsNullOrWhiteSpace(draft.Body)) errors.Add("Write the template's text.");
        else if (draft.Body.Length > 10_000) errors.Add("Keep the text to 10,000 characters or fewer.");
        else if (TemplateRenderer.Validate(draft.Body) is { } bodyError) errors.Add(bodyError);
        if (draft.Shared && !isAdmin) errors.Add("Only admins can make shared templates; save it as your own.");
        if (errors.Count > 0) return OperationResult<int>.Fail([.. errors]);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var template = draft.Id == 0
            ? db.Templates.Add(new Template()).Entity
            : await db.Templates.Include(t => t.Channels).SingleOrDefaultAsync(t => t.Id == draft.Id, cancellationToken);
        if (template is null) return OperationResult<int>.Fail("This template was deleted by someone else; create it again.");
        if (draft.Id != 0 && !CanEdit(template, userId, isAdmin)) return OperationResult<int>.Fail("You can only change your own templates; admins change shared ones.");

        var ownerId = draft.Shared ? null : (draft.Id == 0 ? userId : template.OwnerId ?? userId);
        var shortcut = draft.Shortcut.Trim();
        if (await db.Templates.AnyAsync(t => t.Id != draft.Id && t.Shortcut == shortcut && (t.OwnerId == null || t.OwnerId == ownerId), cancellationToken))
            return OperationResult<int>.Fail($"The shortcut /{shortcut} is already taken; choose another.");

        template.Name = draft.Name.Trim();
        template.Shortcut = shortcut;
        template.Category = string.IsNullOrWhiteSpace(draft.Category) ? null : draft.Category.Trim();
        template.Body = draft.Body;
        template.OwnerId = ownerId;
        template.Channels = await db.Channels.Where(c => draft.ChannelIds.Contains(c.Id)).ToListAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(userId, AuditActions.TemplateSaved, nameof(Template), template.Id, $"/{template.Shortcut} {template.Name}", cancellationToken);
        return OperationResult<int>.Ok(template.Id);
    }

    public async Task<OperationResult> DeleteAsync(string userId, bool isAdmin, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var template = await db.Templates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null) return OperationResult.Fail("This template was already deleted.");
        if (!CanEdit(template, userId, isAdmin)) return OperationResult.Fail("You can only delete your own templates; admins delete shared ones.");
        db.Templates.Remove(template);
        audit.Add(db, userId, AuditActions.TemplateDeleted, nameof(Template), id, $"/{template.Shortcut} {template.Name}");
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok;
    }

    /// <summary>
    /// The template's text for this conversation, to put in the composer; counts as a use. An unknown variable or a
    /// syntax error comes back as an error and nothing is inserted, so Liquid never reaches a customer raw.
    /// </summary>
    public async Task<OperationResult<string>> RenderForConversationAsync(int templateId, int conversationId, string agentUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var template = await db.Templates.SingleOrDefaultAsync(t => t.Id == templateId && (t.OwnerId == null || t.OwnerId == agentUserId), cancellationToken);
        if (template is null) return OperationResult<string>.Fail("This template no longer exists.");
        var variables = await VariablesAsync(db, conversationId, agentUserId, cancellationToken);
        if (variables is null) return OperationResult<string>.Fail("This conversation no longer exists.");

        var rendering = TemplateRenderer.Render(template.Body, variables);
        if (rendering.Text is not { } text) return OperationResult<string>.Fail($"\"{template.Name}\" cannot be inserted. {rendering.Error}");
        template.UsageCount++;
        template.LastUsedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult<string>.Ok(text);
    }

    /// <summary>The body rendered against a sample (or a real conversation when given); nothing is counted.</summary>
    public async Task<TemplateRendering> PreviewAsync(string body, string agentUserId, int? conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var variables = conversationId is { } id ? await VariablesAsync(db, id, agentUserId, cancellationToken) : null;
        variables ??= new TemplateVariables("Sam Sample",
            await db.Users.Where(u => u.Id == agentUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? "Agent",
            1234, "Customer portal");
        return TemplateRenderer.Render(body, variables);
    }

    private static async Task<TemplateVariables?> VariablesAsync(CommHubDbContext db, int conversationId, string agentUserId, CancellationToken cancellationToken)
    {
        var row = await db.Conversations.Where(c => c.Id == conversationId)
            .Select(c => new { ContactName = c.Contact!.Name, ChannelName = c.Channel!.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null) return null;
        var agentName = await db.Users.Where(u => u.Id == agentUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        return new TemplateVariables(row.ContactName, agentName, conversationId, row.ChannelName);
    }

    private static bool CanEdit(Template template, string userId, bool isAdmin) => template.OwnerId is null ? isAdmin : template.OwnerId == userId;

    [GeneratedRegex(@"^[\p{L}\p{N}_-]{1,64}$")]
    private static partial Regex ShortcutPattern();
}
