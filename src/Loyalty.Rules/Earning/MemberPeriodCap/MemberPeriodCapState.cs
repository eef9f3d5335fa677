
namespace Loyalty.Rules;

/// <summary>What the account keeps for per-member period caps across events.</summary>
internal static class MemberPeriodCapState
{
    /// <summary>The points earned in each period of the program's caps, as far back as the retention window.</summary>
    public static MemberStateKind<PeriodTallies> Tallies { get; } = new("periodTallies", PeriodTallies.Empty, LedgerJson.Default.PeriodTallies, normalize: t => t.Periods.IsDefault ? t with { Periods = [] } : t);
}
