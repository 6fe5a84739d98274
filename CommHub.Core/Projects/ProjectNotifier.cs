using CommHub.Core.Common;
using Microsoft.Extensions.Logging;

namespace CommHub.Core.Projects;

/// <summary>Membership and project changes, for crew pages that must drop a project the moment its member is removed.</summary>
public sealed class ProjectNotifier(ILogger<ProjectNotifier> logger) : LiveNotifier<ProjectEvent>(logger);
