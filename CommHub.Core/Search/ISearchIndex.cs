using CommHub.Core.Data;

namespace CommHub.Core.Search;

/// <summary>
/// The full-text index of one database provider (SQLite FTS5, PostgreSQL tsvector, SQL Server LIKE). It only matches
/// and scores; <see cref="SearchService"/> composes the returned queries with filters and what the viewer may see, so
/// visibility is decided once, in provider-neutral LINQ. The index is kept by the database itself (triggers or an
/// expression index), so it follows every store, edit and delete, ingest, retention and erasure included.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Messages whose text has every word: <see cref="SearchHit.Id"/> is the message id.</summary>
    IQueryable<SearchHit> Messages(CommHubDbContext db, SearchTerms terms);

    /// <summary>Conversations whose subject has every word: <see cref="SearchHit.Id"/> is the conversation id.</summary>
    IQueryable<SearchHit> Subjects(CommHubDbContext db, SearchTerms terms);

    /// <summary>Messages with a file whose name has every word: <see cref="SearchHit.Id"/> is the message id.</summary>
    IQueryable<SearchHit> FileNames(CommHubDbContext db, SearchTerms terms);

    /// <summary>
    /// Contacts with every word somewhere in their name, e-mail, phone or a channel identity (handle, address), as a
    /// substring: <see cref="SearchHit.Id"/> is the contact id.
    /// </summary>
    IQueryable<SearchHit> Contacts(CommHubDbContext db, SearchTerms terms);

    /// <summary>Builds the index again from the tables; returns a sentence saying what was done.</summary>
    Task<string> RebuildAsync(CommHubDbContext db, CancellationToken cancellationToken = default);
}

/// <summary>One match. Lower scores rank first (SQLite's bm25 is negative; PostgreSQL's rank is negated to match).</summary>
public sealed class SearchHit
{
    public int Id { get; set; }
    public double Score { get; set; }
}
