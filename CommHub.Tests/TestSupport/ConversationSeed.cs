using CommHub.Core.Portal;
using CommHub.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.TestSupport;

/// <summary>Customers and their portal conversations, made through the real services.</summary>
public static class ConversationSeed
{
    public const string CustomerPassword = "customer password 1";

    public static async Task<string> RegisterCustomerAsync(this CommHubFactory factory, string email, string name = "")
    {
        var result = await factory.Services.GetRequiredService<PortalService>()
            .RegisterAsync(new RegisterCustomerRequest(email, name, CustomerPassword));
        Assert.True(result.Succeeded, result.ErrorText);
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
    }

    public static async Task<int> StartRequestAsync(this CommHubFactory factory, string customerId, string subject = "Help", string text = "Something is broken")
    {
        var result = await factory.Services.GetRequiredService<PortalService>().StartAsync(customerId, subject, text);
        Assert.True(result.Succeeded, result.ErrorText);
        return result.Value;
    }
}
