using CommHub.Core.Users;
using Microsoft.AspNetCore.Authorization;

namespace CommHub.Web.Features.Account;

public static class Policies
{
    public const string Admin = "Admin";
    public const string Staff = "Staff";

    public static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(Staff, p => p.RequireRole(Roles.Admin, Roles.Agent));
    }
}
