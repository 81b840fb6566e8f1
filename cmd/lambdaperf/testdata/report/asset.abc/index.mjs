export const handler=async e=>({statusCode:200,body:JSON.stringify({ok:!0,path:e.rawPath})});
