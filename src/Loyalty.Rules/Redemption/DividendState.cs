using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What the account keeps for dividends across events.</summary>
internal static class DividendState
{
    /// <summary>Eligible spend counted toward dividends of periods not paid yet.</summary>
    public static MemberStateKind<ImmutableArray<DividendSpend>> Spend { get; } = MemberStateKind.List("dividendSpend", LedgerJson.Default.ImmutableArrayDividendSpend, merge: static (mine, closed) =>
        [.. mine.Concat(closed).GroupBy(d => d.PeriodStart).Select(g => new DividendSpend(g.Key, g.Sum(d => d.Spend)))]);

    /// <summary>The start of the last period whose dividend was paid, or null.</summary>
    public static MemberStateKind<LocalDate?> PaidThrough { get; } = new("dividendPaidThrough", null, LedgerJson.Default.NullableLocalDate);
}
