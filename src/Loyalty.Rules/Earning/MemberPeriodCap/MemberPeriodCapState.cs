namespace Loyalty.Rules;

/// <summary>What the account keeps for per-member period caps across events.</summary>
internal static class MemberPeriodCapState
{
    /// <summary>The derivation as one delegate (the compiler makes a new one for each use of the method inside a lambda).</summary>
    private static readonly System.Func<LoyaltyProgram, MemberPeriodCap[]> Caps = CapsOf;

    /// <summary>
    /// The points earned in each period of the program's caps, as far back as the retention window: a purchase counts
    /// its points in the period of its date, a refund or a voided hold takes them back from that period.
    /// </summary>
    public static MemberStateKind<PeriodTallies> Tallies { get; } = new(
        "periodTallies",
        PeriodTallies.Empty,
        LedgerJson.Default.PeriodTallies,
        normalize: t => t.Periods.IsDefault ? t with { Periods = [] } : t,
        count: (tallies, earned) => tallies.Count(earned.Program.Derived(Caps), earned.Date, earned.Points),
        forget: (tallies, program, horizon) => tallies.Forget(program.Derived(Caps), horizon));

    /// <summary>The program's per-member period caps.</summary>
    private static MemberPeriodCap[] CapsOf(LoyaltyProgram program) => [.. program.Earn.OfType<MemberPeriodCap>()];
}
