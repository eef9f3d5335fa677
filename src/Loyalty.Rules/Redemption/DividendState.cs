using System.Collections.Immutable;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What the account keeps for dividends across events.</summary>
internal static class DividendState
{
    /// <summary>Eligible spend counted toward dividends of periods not paid yet.</summary>
    public static MemberStateKind<ImmutableArray<DividendSpend>> Spend { get; } = MemberStateKind.List("dividendSpend", LedgerJson.Default.ImmutableArrayDividendSpend);

    /// <summary>The start of the last period whose dividend was paid, or null.</summary>
    public static MemberStateKind<LocalDate?> PaidThrough { get; } = new("dividendPaidThrough", null, LedgerJson.Default.NullableLocalDate);
}
