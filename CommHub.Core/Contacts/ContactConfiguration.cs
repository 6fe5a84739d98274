using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Contacts;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Email).HasMaxLength(320);
        builder.Property(c => c.Phone).HasMaxLength(50);
        builder.Property(c => c.Notes).HasMaxLength(4000);
        // Contact search by name in /contacts.
        builder.HasIndex(c => c.Name);
        builder.HasMany(c => c.Identities).WithOne(i => i.Contact).HasForeignKey(i => i.ContactId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContactIdentityConfiguration : IEntityTypeConfiguration<ContactIdentity>
{
    public void Configure(EntityTypeBuilder<ContactIdentity> builder)
    {
        builder.Property(i => i.Value).HasMaxLength(320);
        builder.Property(i => i.DisplayHandle).HasMaxLength(200);
        // Ingest: find the contact by its channel identity; one identity belongs to one contact.
        builder.HasIndex(i => new { i.Kind, i.Value }).IsUnique();
    }
}
