using CommHub.Core.Crew;
using CommHub.Core.Projects;
using CommHub.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.TestSupport;

/// <summary>Projects, their crews and crew messages, made through the real services.</summary>
public static class CrewSeed
{
    public const string CrewPassword = "a long enough password";

    public static async Task<int> CreateProjectAsync(this CommHubFactory factory, string name, string? address = null, double? latitude = null, double? longitude = null)
    {
        var result = await factory.Services.GetRequiredService<ProjectService>()
            .SaveAsync(new ProjectEdit(0, name, address, null, latitude, longitude), actingUserId: null);
        Assert.True(result.Succeeded, result.ErrorText);
        return result.Value;
    }

    /// <summary>A new crew account on the project; returns its user id.</summary>
    public static async Task<string> AddCrewAsync(this CommHubFactory factory, int projectId, string email)
    {
        var user = await factory.CreateUserAsync(email, Roles.Crew, CrewPassword);
        await factory.AddMemberAsync(projectId, user.Id);
        return user.Id;
    }

    public static async Task AddMemberAsync(this CommHubFactory factory, int projectId, string userId)
    {
        var added = await factory.Services.GetRequiredService<ProjectService>().AddMemberAsync(projectId, userId, actingUserId: null);
        Assert.True(added.Succeeded, added.ErrorText);
    }

    public static async Task<CrewSent> CrewPostAsync(this CommHubFactory factory, string userId, int projectId, string text, CrewPosition? position = null)
    {
        var sent = await factory.Services.GetRequiredService<CrewService>().PostAsync(userId, projectId, new CrewPost(Guid.NewGuid(), text, position));
        Assert.True(sent.Succeeded, sent.ErrorText);
        return sent.Value!;
    }
}
