"""Tasks pick a worker profile by its pod template file (see ../settings.yaml)."""

from datetime import datetime

from airflow.sdk import dag, task

GPU = {"pod_template_file": "/opt/airflow/pod_templates/gpu.yaml"}
SMALL = {"pod_template_file": "/opt/airflow/pod_templates/small.yaml"}


@dag(dag_id="gpu_profiles", schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False)
def gpu_profiles():
    @task(executor_config=GPU)
    def train_model() -> str:
        import subprocess

        subprocess.run(["python", "train.py", "--epochs", "10"], check=True)
        return "s3://bucket/models/latest"

    @task(executor_config=SMALL)
    def notify(model_path: str) -> None:
        print(f"Model saved to {model_path}")

    notify(train_model())


gpu_profiles()
