namespace CommHub.Core.Common;

/// <summary>Something to choose in a list: a channel, a template.</summary>
public sealed record NamedOption(int Id, string Name);
