using CommHub.Core.Contacts;
using CommHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CommHub.Web.Features.Contacts;

/// <summary>One contact: details to edit, identities on every channel, labels, conversations, and merging another into it.</summary>
public partial class ContactPage
{
    private ContactProfile? profile;
    private bool notFound;
    private bool editing;
    private bool saving;
    private string? error;
    private EditModel edit = new();
    private string userId = "";

    [Inject] private ContactProfiles Profiles { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private BrowserTimeZone TimeZone { get; set; } = default!;

    [Parameter]
    public int ContactId { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        userId = (await AuthenticationState).User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        profile = await Profiles.GetAsync(ContactId);
        notFound = profile is null;
    }

    private void StartEdit()
    {
        edit = new EditModel { Name = profile!.Name, Email = profile.Email, Phone = profile.Phone, Notes = profile.Notes };
        (error, editing) = (null, true);
    }

    private async Task SaveAsync()
    {
        saving = true;
        var result = await Profiles.UpdateAsync(ContactId, new ContactEdit(edit.Name ?? "", edit.Email, edit.Phone, edit.Notes));
        saving = false;
        if (!result.Succeeded)
        {
            error = result.ErrorText;
            return;
        }
        editing = false;
        Snackbar.Add("Contact saved.", Severity.Success);
        await LoadAsync();
    }

    private async Task MergeAsync()
    {
        var parameters = new DialogParameters<MergeContactDialog>
        {
            { d => d.KeepId, ContactId },
            { d => d.KeepName, profile!.Name },
            { d => d.UserId, userId },
        };
        var dialog = await Dialogs.ShowAsync<MergeContactDialog>($"Merge a contact into {profile.Name}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if ((await dialog.Result) is { Canceled: false, Data: string merged })
        {
            Snackbar.Add($"{merged} was merged into {profile.Name}.", Severity.Success);
            await LoadAsync();
        }
    }

    private sealed class EditModel
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Notes { get; set; }
    }
}
