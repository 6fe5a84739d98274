using CommHub.Core.Conversations;
using CommHub.Core.Search;
using CommHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommHub.Web.Features.Search;

/// <summary>Staff search: the words from the address (<c>?q=</c>), filters on the page, results linking into the inbox.</summary>
public partial class SearchPage
{
    private SearchResults? results;
    private SearchFilter filter = new();
    private SearchPeriod period;
    private SearchTerms terms = SearchTerms.Parse("");
    private IReadOnlyList<ChannelOption> channels = [];
    private IReadOnlyList<string> labels = [];
    private string userId = "";
    private string? contactName;
    private int searches;

    [Inject] private SearchService Searcher { get; set; } = default!;
    [Inject] private InboxQueryService InboxQuery { get; set; } = default!;
    [Inject] private ConversationService Conversations { get; set; } = default!;
    [Inject] private BrowserTimeZone TimeZone { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")]
    public string? Q { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        userId = (await AuthenticationState).User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
        channels = await InboxQuery.ListChannelsAsync();
        labels = await Conversations.ListLabelsAsync();
    }

    protected override Task OnParametersSetAsync() => SearchAsync();

    private async Task ChangeAsync(SearchFilter value)
    {
        filter = value;
        await SearchAsync();
    }

    private Task PeriodChangedAsync(SearchPeriod value)
    {
        period = value;
        return ChangeAsync(filter with { From = SearchPeriods.From(value, Clock.GetUtcNow().UtcDateTime) });
    }

    private Task OnlyContactAsync(ContactHit contact)
    {
        contactName = contact.Name;
        return ChangeAsync(filter with { ContactId = contact.ContactId });
    }

    /// <summary>Of searches that overlap (typing in filters quickly), the one started last is the one shown.</summary>
    private async Task SearchAsync()
    {
        var search = ++searches;
        results = null;
        terms = SearchTerms.Parse(Q);
        var found = await Searcher.SearchAsync(Q, filter, SearchViewer.Staff(userId));
        if (search == searches) results = found;
    }

    private static string KindLabel(SearchKind kind) => kind switch
    {
        SearchKind.Customer => "Customer messages",
        SearchKind.Staff => "Staff replies",
        SearchKind.PrivateNote => "Private notes",
        _ => "All messages",
    };

    private static string KindOne(SearchKind kind) => kind switch
    {
        SearchKind.PrivateNote => "Private note",
        SearchKind.Staff => "Staff",
        _ => "Customer",
    };
}
