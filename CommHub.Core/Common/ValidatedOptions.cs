using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CommHub.Core.Common;

public static class ValidatedOptions
{
    /// <summary>Options bound from <paramref name="section"/>, checked by their data annotations when the app starts.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string section) where TOptions : class =>
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
