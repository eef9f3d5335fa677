
namespace Loyalty.Rules;

/// <summary>What the account keeps for automatic spend rewards across events.</summary>
internal static class SpendRewardState
{
    /// <summary>Spend counted toward the next automatic reward.</summary>
    public static MemberStateKind<decimal> Counter { get; } = new("spendCounter", 0m, LedgerJson.Default.Decimal, merge: static (mine, closed) => mine + closed);
}
