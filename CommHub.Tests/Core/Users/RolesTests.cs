using CommHub.Core.Users;

namespace CommHub.Tests.Core.Users;

public sealed class RolesTests
{
    [Theory]
    [InlineData("/inbox", Roles.Admin)]
    [InlineData("/inbox", Roles.Agent)]
    [InlineData("/inbox", Roles.Agent, Roles.Customer)]
    [InlineData("/crew", Roles.Crew)]
    [InlineData("/portal", Roles.Customer)]
    [InlineData("/")]
    public void HomePath_FollowsTheStrongestRole(string expected, params string[] roles) =>
        Assert.Equal(expected, Roles.HomePath(roles));
}
