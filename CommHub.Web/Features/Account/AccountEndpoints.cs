using CommHub.Core.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CommHub.Web.Features.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A form post with the antiforgery token Blazor forms add (checked here: a post without it is refused),
        // so no link, image or other site can sign a user out.
        endpoints.MapPost("/account/logout", async (
            HttpContext context,
            [FromServices] IAntiforgery antiforgery,
            [FromServices] SignInManager<ApplicationUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-out refused",
                    detail: "The sign-out form has expired. Reload the page and sign out again.");

            // A new security stamp makes the old cookie worthless on the server too (checked on every
            // request after SessionRevalidationInterval), not only removed from this browser.
            if (await signIn.UserManager.GetUserAsync(context.User) is { } user)
                await signIn.UserManager.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/account/login");
        }).DisableAntiforgery();
        return endpoints;
    }
}
