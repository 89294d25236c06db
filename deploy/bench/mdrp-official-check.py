"""Checks replay output with the MDRP benchmark's own evaluator (grubhub/mdrplib, MDRP_code/compute_performance_summary.py).

For every solution a replay wrote (each <policy>/ folder next to a report.json), the evaluator decides feasibility and
computes its figures; this script compares them with the figures in report.json and prints every solution the evaluator
finds infeasible or whose figures differ. Exit status 2 if there is one.

    python3 mdrp-official-check.py <evaluator.py> <instances-root> <replay-out> [POLICY,POLICY...]

<replay-out> is what deploy/bench/mdrp-replay.sh wrote: one instance (report.json at its top) or --all (one folder per
instance). A --city run is skipped: its travel times are road times, which the evaluator does not know. Run through deploy/bench/mdrp-official-check.sh, which finds the evaluator and a Python with pandas.
"""
import contextlib
import importlib.util
import io
import json
import os
import sys

# figure in report.json -> how the evaluator's output gives it; tolerance (report.json rounds to 6 significant digits)
FIGURES = {
    'ordersDelivered': (lambda r: r['delivered'], lambda f: f['ordersDelivered'], 0),
    'totalPayment': (lambda r: r['cost'], lambda f: f['totalPayment'], 1e-5),
    'shareOnGuarantee': (lambda r: r['trueup'], lambda f: f['shareOnGuarantee'], 1e-5),
    'clickToDoor.mean': (lambda r: r['orders']['click-to-door'].mean(), lambda f: f['clickToDoor']['mean'], 1e-5),
    'clickToDoor.p90': (lambda r: r['orders']['click-to-door'].quantile(.9), lambda f: f['clickToDoor']['p90'], 1e-5),
    'readyToPickup.mean': (lambda r: r['orders']['ready-to-pickup'].mean(), lambda f: f['readyToPickup']['mean'],
                           1e-5),
    'utilizationMean': (lambda r: r['couriers']['utilization'].mean(), lambda f: f['utilizationMean'], 1e-5),
    'ordersPerShiftHourMean': (lambda r: r['couriers']['orders_per_hour'].mean(),
                               lambda f: f['ordersPerShiftHourMean'], 1e-5),
}


def load(path):
    spec = importlib.util.spec_from_file_location('mdrp_evaluator', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def instance_dirs(out):
    if os.path.exists(os.path.join(out, 'report.json')):
        return [out]
    return sorted(os.path.join(out, d) for d in os.listdir(out)
                  if os.path.exists(os.path.join(out, d, 'report.json')))


def close(a, b, tolerance):
    return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))


def main(evaluator_path, instances_root, out, policies=None):
    evaluator = load(evaluator_path)
    checked = 0
    failed = 0
    skipped = 0
    largest = {name: 0.0 for name in FIGURES}
    for run_dir in instance_dirs(out):
        report = json.load(open(os.path.join(run_dir, 'report.json')))
        instance_dir = os.path.join(instances_root, report['instance'])
        if not os.path.isdir(instance_dir):
            # e.g. a --city run: its travel times are road times, which the evaluator (straight lines at the
            # instance's speed) does not know, so it cannot judge that run
            print(f"{report['instance']}: skipped, no such instance in {instances_root}")
            skipped += 1
            continue
        for policy in report['policies']:
            if policies and policy['policy'] not in policies:
                continue
            solution_dir = os.path.join(run_dir, policy['policy'])
            evaluation_dir = os.path.join(solution_dir, 'official-check')
            os.makedirs(evaluation_dir, exist_ok=True)
            with contextlib.redirect_stdout(io.StringIO()):  # the evaluator prints its progress
                feasible, delivered, cost, trueup, orders, couriers = evaluator.compute_performance_summary(
                    instance_dir, solution_dir, evaluation_dir)
            result = {'delivered': delivered, 'cost': cost, 'trueup': trueup,
                      'orders': orders.dropna(subset=['dropoff_time']), 'couriers': couriers}
            problems = [] if feasible else ['infeasible: see ' + os.path.join(evaluation_dir, 'feasibility_check.txt')]
            for name, (theirs, ours, tolerance) in FIGURES.items():
                a = float(theirs(result))
                b = float(ours(policy['figures']))
                largest[name] = max(largest[name], abs(a - b))
                if not close(a, b, tolerance):
                    problems.append(f'{name}: evaluator {a:.6g}, report.json {b:.6g}')
            checked += 1
            if problems:
                failed += 1
                print(f"{report['instance']} {policy['policy']}: " + '; '.join(problems))
    print(f'{checked} solutions checked with the benchmark\'s own evaluator: {checked - failed} feasible with the '
          f'same figures, {failed} not. Largest differences: '
          + ', '.join(f'{name} {value:.2g}' for name, value in largest.items())
          + (f'; {skipped} runs skipped' if skipped else ''))
    return 2 if failed or checked == 0 else 0


if __name__ == '__main__':
    if len(sys.argv) < 4:
        print(__doc__)
        sys.exit(1)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(',') if len(sys.argv) > 4 else None))
