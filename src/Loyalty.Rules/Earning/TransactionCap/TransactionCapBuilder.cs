namespace Loyalty.Rules;

public static partial class EarningBuilderExtensions
{
    /// <summary>Adds a per-transaction cap; caps stand at the end of the pipeline and act on the rounded total.</summary>
    /// <param name="builder">The program builder.</param>
    /// <param name="id">The rule id.</param>
    /// <param name="maxPoints">The most points per transaction.</param>
    /// <returns>The builder.</returns>
    public static LoyaltyProgramBuilder AddTransactionCap(this LoyaltyProgramBuilder builder, string id, Points maxPoints)
    {
        Preconditions.NotNull(builder, nameof(builder));
        builder.Add(new TransactionCap { Id = id, MaxPoints = maxPoints });
        return builder;
    }
}
