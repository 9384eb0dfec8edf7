namespace Ccs.Reporters;

/// <summary>
/// The objective L-BFGS minimises: its value at <paramref name="x"/> (a float32 loss widened to double, as the
/// original's closures return <c>float(loss)</c>), with the gradient written to <paramref name="gradient"/>.
/// </summary>
public delegate double Objective(ReadOnlySpan<float> x, Span<float> gradient);

/// <summary>Settings of <c>torch.optim.LBFGS</c> (learning rate, iteration/evaluation limits, tolerances, history).</summary>
public sealed record LbfgsOptions(
    int MaxIter,
    double ToleranceGrad = 1e-7,
    double ToleranceChange = 1e-9,
    int HistorySize = 100,
    double Lr = 1.0)
{
    /// <summary>PyTorch's default <c>max_eval = max_iter · 5 / 4</c>.</summary>
    public int MaxEval => MaxIter * 5 / 4;

    /// <summary>float32 machine epsilon, the tolerance the original's CCS and Platt fits use.</summary>
    public const double Float32Eps = 1.1920928955078125e-07;
}

/// <summary>
/// One <c>step</c> of PyTorch's L-BFGS with <c>line_search_fn="strong_wolfe"</c> (torch/optim/lbfgs.py: <c>LBFGS.step</c>,
/// <c>_strong_wolfe</c>, <c>_cubic_interpolate</c>), ported on a flat float32 parameter vector. TorchSharp's LBFGS has
/// no line search, and the original's CCS, Platt and logistic-regression fits all use this one.
/// Vectors stay float32 like the original's; dot products are accumulated in double.
/// </summary>
public static class Lbfgs
{
    /// <summary>Runs one optimiser step from <paramref name="x"/> (updated in place).</summary>
    public static void Step(float[] x, Objective objective, LbfgsOptions options)
    {
        int n = x.Length;
        var flatGrad = new float[n];
        double loss = objective(x, flatGrad);
        int currentEvals = 1;
        if (MaxAbs(flatGrad) <= options.ToleranceGrad) return;

        var oldDirs = new List<float[]>();
        var oldSteps = new List<float[]>();
        var ro = new List<double>();
        var al = new double[options.HistorySize];
        double hDiag = 1;
        float[] d = new float[n];
        float[]? prevFlatGrad = null;
        double t = 0;

        for (int iter = 1; iter <= options.MaxIter; iter++)
        {
            if (iter == 1)
            {
                for (int i = 0; i < n; i++) d[i] = -flatGrad[i];
            }
            else
            {
                var y = new float[n];
                var s = new float[n];
                for (int i = 0; i < n; i++)
                {
                    y[i] = flatGrad[i] - prevFlatGrad![i];
                    s[i] = d[i] * (float)t;
                }
                double ys = Dot(y, s);
                if (ys > 1e-10)
                {
                    if (oldDirs.Count == options.HistorySize)
                    {
                        oldDirs.RemoveAt(0);
                        oldSteps.RemoveAt(0);
                        ro.RemoveAt(0);
                    }
                    oldDirs.Add(y);
                    oldSteps.Add(s);
                    ro.Add(1.0 / ys);
                    hDiag = ys / Dot(y, y);
                }

                // Two-loop recursion: d = −H·g with the limited-memory inverse Hessian.
                var q = new float[n];
                for (int i = 0; i < n; i++) q[i] = -flatGrad[i];
                for (int k = oldDirs.Count - 1; k >= 0; k--)
                {
                    al[k] = Dot(oldSteps[k], q) * ro[k];
                    Axpy(q, oldDirs[k], -al[k]);
                }
                for (int i = 0; i < n; i++) d[i] = q[i] * (float)hDiag;
                for (int k = 0; k < oldDirs.Count; k++)
                {
                    double be = Dot(oldDirs[k], d) * ro[k];
                    Axpy(d, oldSteps[k], al[k] - be);
                }
            }

            prevFlatGrad ??= new float[n];
            Array.Copy(flatGrad, prevFlatGrad, n);
            double prevLoss = loss;

            // Initial step: 1/|g|₁ (at most 1) on the very first iteration, the learning rate afterwards.
            t = iter == 1 ? Math.Min(1.0, 1.0 / (float)SumAbs(flatGrad)) * options.Lr : options.Lr;
            double gtd = Dot(flatGrad, d);
            if (gtd > -options.ToleranceChange) break;

            var (newLoss, newGrad, step, evals) = StrongWolfe(objective, x, t, d, loss, flatGrad, gtd, options.ToleranceChange);
            loss = newLoss;
            flatGrad = newGrad;
            t = step;
            AddScaled(x, d, t);
            bool optimal = MaxAbs(flatGrad) <= options.ToleranceGrad;
            currentEvals += evals;

            if (iter == options.MaxIter) break;
            if (currentEvals >= options.MaxEval) break;
            if (optimal) break;
            if (MaxAbsScaled(d, t) <= options.ToleranceChange) break;
            if (Math.Abs(loss - prevLoss) < options.ToleranceChange) break;
        }
    }

    /// <summary>Strong-Wolfe line search (c1 = 1e-4, c2 = 0.9, 25 iterations), bracketing then zooming.</summary>
    private static (double Loss, float[] Grad, double T, int Evals) StrongWolfe(
        Objective objective, float[] x, double t, float[] d, double f, float[] g, double gtd, double toleranceChange)
    {
        const double c1 = 1e-4, c2 = 0.9;
        const int maxLs = 25;
        double dNorm = MaxAbs(d);
        var (fNew, gNew) = Evaluate(objective, x, t, d);
        int evals = 1;
        double gtdNew = Dot(gNew, d);

        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        float[] gPrev = g;
        bool done = false;
        int lsIter = 0;
        double[] bracket = [], bracketF = [], bracketGtd = [];
        float[][] bracketG = [];

        while (lsIter < maxLs)
        {
            if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev))
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]);
                break;
            }
            if (Math.Abs(gtdNew) <= -c2 * gtd)
            {
                (bracket, bracketF, bracketG) = ([t], [fNew], [gNew]);
                done = true;
                break;
            }
            if (gtdNew >= 0)
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]);
                break;
            }

            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, (minStep, maxStep));
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew;
            gtdPrev = gtdNew;
            (fNew, gNew) = Evaluate(objective, x, t, d);
            evals++;
            gtdNew = Dot(gNew, d);
            lsIter++;
        }

        if (lsIter == maxLs)
        {
            // PyTorch leaves bracket_gtd from the last bracketing branch here (it may be unset); the zoom below never
            // runs in this case because ls_iter == max_ls, so only the bracket values matter.
            (bracket, bracketF, bracketG) = ([0, t], [f, fNew], [g, gNew]);
        }

        bool insufficientProgress = false;
        int lowPos = 0, highPos = 0;
        if (bracketF.Length > 1) (lowPos, highPos) = bracketF[0] <= bracketF[^1] ? (0, 1) : (1, 0);
        while (!done && lsIter < maxLs)
        {
            if (Math.Abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;

            t = CubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], null);

            double hi = Math.Max(bracket[0], bracket[1]), lo = Math.Min(bracket[0], bracket[1]);
            double eps = 0.1 * (hi - lo);
            if (Math.Min(hi - t, t - lo) < eps)
            {
                if (insufficientProgress || t >= hi || t <= lo)
                {
                    t = Math.Abs(t - hi) < Math.Abs(t - lo) ? hi - eps : lo + eps;
                    insufficientProgress = false;
                }
                else
                {
                    insufficientProgress = true;
                }
            }
            else
            {
                insufficientProgress = false;
            }

            (fNew, gNew) = Evaluate(objective, x, t, d);
            evals++;
            gtdNew = Dot(gNew, d);
            lsIter++;

            if (fNew > f + c1 * t * gtd || fNew >= bracketF[lowPos])
            {
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                bracketG[highPos] = gNew;
                bracketGtd[highPos] = gtdNew;
                (lowPos, highPos) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (Math.Abs(gtdNew) <= -c2 * gtd)
                {
                    done = true;
                }
                else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0)
                {
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos];
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                bracketG[lowPos] = gNew;
                bracketGtd[lowPos] = gtdNew;
            }
        }

        return (bracketF[lowPos], bracketG[lowPos], bracket[lowPos], evals);
    }

    /// <summary>Minimiser of the cubic through two points with values and slopes, clamped to the bounds.</summary>
    private static double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, (double Min, double Max)? bounds)
    {
        var (xmin, xmax) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1));
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0)
        {
            double d2 = Math.Sqrt(d2Square);
            double minPos = x1 <= x2
                ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.Min(Math.Max(minPos, xmin), xmax);
        }
        return (xmin + xmax) / 2.0;
    }

    /// <summary>The objective at <c>x + t·d</c>, leaving <paramref name="x"/> unchanged (<c>_directional_evaluate</c>).</summary>
    private static (double Loss, float[] Grad) Evaluate(Objective objective, float[] x, double t, float[] d)
    {
        var trial = (float[])x.Clone();
        AddScaled(trial, d, t);
        var grad = new float[x.Length];
        double loss = objective(trial, grad);
        return (loss, grad);
    }

    private static void AddScaled(float[] x, float[] d, double t)
    {
        float alpha = (float)t;
        for (int i = 0; i < x.Length; i++) x[i] += alpha * d[i];
    }

    private static void Axpy(float[] y, float[] x, double alpha)
    {
        float a = (float)alpha;
        for (int i = 0; i < y.Length; i++) y[i] += a * x[i];
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
        return (float)sum;
    }

    private static double MaxAbs(float[] v)
    {
        float max = 0;
        foreach (float e in v) max = Math.Max(max, Math.Abs(e));
        return max;
    }

    private static double MaxAbsScaled(float[] d, double t)
    {
        float alpha = (float)t, max = 0;
        foreach (float e in d) max = Math.Max(max, Math.Abs(e * alpha));
        return max;
    }

    private static double SumAbs(float[] v)
    {
        double sum = 0;
        foreach (float e in v) sum += Math.Abs(e);
        return sum;
    }
}
