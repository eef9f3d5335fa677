namespace Loyalty.Rules;

public static partial class EarningBuilderExtensions
{
    /// <summary>Adds "at most <paramref name="maxPoints"/> points per member per <paramref name="period"/>"; caps stand at the end of the pipeline.</summary>
    /// <param name="builder">The program builder.</param>
    /// <param name="id">The rule id.</param>
    /// <param name="maxPoints">The most points a member earns from purchases in one period.</param>
    /// <param name="period">The calendar period of the program zone.</param>
    /// <returns>The builder.</returns>
    public static LoyaltyProgramBuilder AddMemberPeriodCap(this LoyaltyProgramBuilder builder, string id, Points maxPoints, CalendarPeriod period = CalendarPeriod.Month)
    {
        Preconditions.NotNull(builder, nameof(builder));
        builder.Add(new MemberPeriodCap { Id = id, MaxPoints = maxPoints, Period = period });
        return builder;
    }
}
