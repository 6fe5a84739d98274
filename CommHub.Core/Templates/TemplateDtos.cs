namespace CommHub.Core.Templates;

public sealed record TemplateListItem(
    int Id, string Name, string Shortcut, string? Category, string Body, bool IsShared, bool CanEdit,
    IReadOnlyList<int> ChannelIds, int UsageCount, DateTime? LastUsedAt);

/// <summary>What the template editor edits; Id 0 for a new one. Shared templates are an admin's to make.</summary>
public sealed record TemplateDraft(int Id, string Name, string Shortcut, string? Category, string Body, bool Shared, IReadOnlyList<int> ChannelIds);

/// <summary>A template the composer picker offers for one conversation.</summary>
public sealed record TemplateChoice(int Id, string Name, string Shortcut, string? Category, int UsageCount);
