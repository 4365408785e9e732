using BenchmarkDotNet.Running;

namespace Bgp.Benchmarks;

/// <summary>
/// Runs the codec benchmarks. Examples:
///   dotnet run -c Release --project bench/Bgp.Benchmarks -- --filter '*'
///   dotnet run -c Release --project bench/Bgp.Benchmarks -- --filter '*Update*' --job short
///   dotnet run -c Release --project bench/Bgp.Benchmarks -- rib-memory   (bytes per path, not BenchmarkDotNet)
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is [RibMemory.Command])
        {
            RibMemory.Run();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
