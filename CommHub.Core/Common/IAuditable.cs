namespace CommHub.Core.Common;

/// <summary>An entity whose created/updated times are stamped by <see cref="Data.AuditFieldsInterceptor"/>.</summary>
public interface IAuditable
{
    DateTime CreatedAt { get; set; }
    DateTime UpdatedAt { get; set; }
}
