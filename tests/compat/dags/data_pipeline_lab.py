# The seed 003 lab DAG (data_pipeline_lab: generate_data -> validate -> aggregate -> notify),
# copied from the kubectl dag-loader command in /work/shared/seeds/003_*.txt. The seed
# text lost its indentation (every line starts with one space), so the code is the
# seed's, token for token, with Python indentation restored. Used by tests/compat to
# run `airflow kubernetes generate-dag-yaml` against our worker pod templates.
from datetime import datetime, timedelta

from airflow.decorators import dag, task


@dag(
    dag_id="data_pipeline_lab",
    description="Lab exercise: data pipeline with notifications",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    tags=["lab", "data-engineering"],
    default_args={"retries": 1, "retry_delay": timedelta(minutes=1)},
)
def data_pipeline_lab():

    @task()
    def generate_data():
        import json
        import random
        random.seed(42)
        records = [
            {"id": i, "value": round(random.uniform(10, 1000), 2), "category": random.choice(["A", "B", "C"])}
            for i in range(500)
        ]
        print(f"Generated {len(records)} records")
        return json.dumps(records)

    @task()
    def validate(raw: str):
        import json
        records = json.loads(raw)
        valid = [r for r in records if r["value"] > 0]
        print(f"Validation: {len(valid)}/{len(records)} records valid")
        return json.dumps(valid)

    @task()
    def aggregate(validated: str):
        import json
        records = json.loads(validated)
        from collections import defaultdict
        totals = defaultdict(float)
        counts = defaultdict(int)
        for r in records:
            totals[r["category"]] += r["value"]
            counts[r["category"]] += 1
        result = {cat: {"total": round(totals[cat], 2), "count": counts[cat],
                        "avg": round(totals[cat] / counts[cat], 2)} for cat in totals}
        print(f"Aggregation results: {json.dumps(result, indent=2)}")
        return json.dumps(result)

    @task()
    def notify(results: str):
        import json
        data = json.loads(results)
        print("=" * 50)
        print("PIPELINE COMPLETE - NOTIFICATION")
        print("=" * 50)
        for cat, stats in data.items():
            print(f" Category {cat}: {stats['count']} records, total=${stats['total']:.2f}, avg=${stats['avg']:.2f}")
        print("=" * 50)
        print("Notification sent successfully!")

    raw = generate_data()
    validated = validate(raw)
    aggregated = aggregate(validated)
    notify(aggregated)


data_pipeline_lab()
