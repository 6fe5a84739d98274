using CommHub.Core.Common;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Core.Attachments;

public static class AttachmentsServiceCollectionExtensions
{
    /// <summary>Files: staging, storing, serving and the processing of images.</summary>
    public static IServiceCollection AddAttachments(this IServiceCollection services)
    {
        services.AddSingleton<AttachmentService>();
        services.AddSingleton<AttachmentProcessingService>();
        services.AddValidatedOptions<AttachmentOptions>(AttachmentOptions.Section);
        return services;
    }
}
