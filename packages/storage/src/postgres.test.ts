import { freshSchema, PG_URL, postgresUnavailable } from "../../../test-support/postgres.js";
import { openPostgresStore } from "./index.js";
import { runStoreConformance } from "./testing/conformance.js";

const skip = await postgresUnavailable();
runStoreConformance({
  name: "postgres",
  skip,
  open: () => openPostgresStore(PG_URL, { schema: freshSchema(), max: 8 }),
});
