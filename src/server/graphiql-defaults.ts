/** The demo app's token (definitions/demo.yaml); GraphiQL is prefilled with it only when that app exists. */
export const DEMO_TOKEN = '8cd585da-3cc6-11e8-9946-784f437daad6';

/** The example GraphiQL opens with. */
export const EXAMPLE_QUERY = `# Welcome to loongate. The headers below act as the demo app and user admin.
query Workflows {
  workflows {
    id
    name
    initState {
      name
      transitions { id name }
      fieldList { fieldKey fieldName fieldAttribute }
    }
  }
  tickets(category: ALL, perPage: 5) {
    total
    items { id sn title state { name } participantInfo { participantAlias } }
  }
}
`;
